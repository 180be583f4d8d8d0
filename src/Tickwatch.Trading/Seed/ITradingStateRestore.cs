namespace Tickwatch.Trading.Seed;

/// <summary>Puts trading state back from the books of record when the store starts empty; the seed asks it first.</summary>
public interface ITradingStateRestore
{
    /// <summary>Restores every recorded account when the store holds none and the record does.</summary>
    /// <returns>True when accounts were put back: the seed then writes its group terms only, no demo accounts.</returns>
    Task<bool> RestoreIfEmptyAsync(CancellationToken cancellationToken);
}
