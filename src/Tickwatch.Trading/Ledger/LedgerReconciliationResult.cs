namespace Tickwatch.Trading.Ledger;

/// <summary>One reconciliation of hot state against the ledger.</summary>
/// <param name="At">When it started.</param>
/// <param name="ElapsedMs">How long it took.</param>
/// <param name="Checked">Accounts looked at (in the ledger, the store or both).</param>
/// <param name="InAgreement">Accounts compared and equal.</param>
/// <param name="Drifting">Accounts compared and different, or held by only one side.</param>
/// <param name="Behind">Accounts not compared: their outbox holds changes the ledger does not have yet (not drift).</param>
/// <param name="Drifts">The drifting accounts, the first <see cref="LedgerReconciliation.DriftsListed"/>.</param>
public sealed record LedgerReconciliationResult(
    DateTimeOffset At,
    double ElapsedMs,
    int Checked,
    int InAgreement,
    int Drifting,
    int Behind,
    IReadOnlyList<AccountDrift> Drifts);
