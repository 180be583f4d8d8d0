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
}
