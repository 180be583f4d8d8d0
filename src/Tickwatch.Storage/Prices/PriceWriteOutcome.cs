namespace Tickwatch.Storage.Prices;

/// <summary>What a store did with one price of a batch.</summary>
public enum PriceWriteOutcome
{
    /// <summary>Stored: it was newer than what the store held (or the store held nothing).</summary>
    Written,

    /// <summary>Not stored: the store already held a price of an equal or newer version.</summary>
    RefusedOlder,

    /// <summary>Not stored: the store could not be reached or the write failed; the error says why.</summary>
    Failed,

    /// <summary>
    /// Not stored, not announced: the price carried a fence token below the one its feed's fence holds, so its writer's
    /// lease was taken over by another instance (see <see cref="StoredPrice.FenceToken"/>).
    /// </summary>
    RefusedFenced,
}
