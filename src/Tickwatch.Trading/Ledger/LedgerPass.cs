namespace Tickwatch.Trading.Ledger;

/// <summary>What one pass of the ledger writer did.</summary>
/// <param name="Written">Events the ledger applied.</param>
/// <param name="Duplicates">Entries the ledger held already (trimmed without writing).</param>
/// <param name="More">Entries are left that this pass did not take (the batch was full): run the next pass at once.</param>
/// <param name="Failed">The pass failed (nothing trimmed that the ledger does not hold); wait before the next.</param>
public readonly record struct LedgerPass(int Written, int Duplicates, bool More, bool Failed);
