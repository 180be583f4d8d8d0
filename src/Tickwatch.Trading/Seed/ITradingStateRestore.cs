namespace Tickwatch.Trading.Seed;

/// <summary>Puts trading state back from the books of record when the store starts empty; the seed asks it first.</summary>
public interface ITradingStateRestore
{
    /// <summary>Restores every recorded account when the store holds none and the record does.</summary>
    /// <returns>True when accounts were put back: the seed then writes its group terms only, no demo accounts.</returns>
    Task<bool> RestoreIfEmptyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Restores every recorded account the store does not hold at its ledger revision or above, whether the store is empty
    /// or not: a restore that stopped half way (its instance killed) is finished, and what it put back is left alone.
    /// </summary>
    /// <returns>True when the store's accounts come from the record (restored now or before): the seed then writes its group terms only.</returns>
    Task<bool> RestoreMissingAsync(CancellationToken cancellationToken);
}
