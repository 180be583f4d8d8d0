namespace Tickwatch.Trading.Ledger;

/// <summary>What one batch did: events applied, and events skipped because they had been applied before.</summary>
/// <param name="Applied">Events written.</param>
/// <param name="Duplicates">Events at or before their account's position: already in the ledger, nothing written.</param>
public readonly record struct LedgerWriteResult(int Applied, int Duplicates);
