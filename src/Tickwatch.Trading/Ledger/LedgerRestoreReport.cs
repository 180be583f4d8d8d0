namespace Tickwatch.Trading.Ledger;

/// <summary>What one restore from the ledger did.</summary>
/// <param name="LedgerAccounts">Accounts the ledger holds.</param>
/// <param name="Restored">Accounts put back into the trading store at their ledger revision.</param>
/// <param name="Skipped">Accounts left alone: the store holds them at the ledger's revision or above.</param>
/// <param name="Unrestorable">Accounts the ledger cannot give back (no configuration or no position recorded).</param>
/// <param name="Positions">Open positions put back.</param>
/// <param name="PendingOrders">Pending orders put back.</param>
/// <param name="ElapsedMs">How long the restore took, the reconciliation after it not included.</param>
/// <param name="NotRestored">The skipped and unrestorable accounts with why, the first <see cref="LedgerRestore.Listed"/>.</param>
/// <param name="Reconciliation">The reconciliation run after it; null when it failed or there is none.</param>
/// <param name="ReconciliationError">Why the reconciliation failed, when it did.</param>
public sealed record LedgerRestoreReport(
    int LedgerAccounts,
    int Restored,
    int Skipped,
    int Unrestorable,
    int Positions,
    int PendingOrders,
    double ElapsedMs,
    IReadOnlyList<string> NotRestored,
    LedgerReconciliationResult? Reconciliation,
    string? ReconciliationError);
