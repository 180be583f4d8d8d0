using Tickwatch.Core.Prices;

namespace Tickwatch.Storage.Prices;

/// <summary>The outcome of writing one price: written, refused as older (with the stored version), refused by its feed's fence (with the fence), or failed (with the error).</summary>
public readonly record struct PriceWriteResult
{
    private PriceWriteResult(StoredPrice price, PriceWriteOutcome outcome, PriceVersion? storedVersion, Exception? error, PriceVersion? replacedFutureVersion = null, long? fence = null)
    {
        Fence = fence;
        ReplacedFutureVersion = replacedFutureVersion;
        Price = price;
        Outcome = outcome;
        StoredVersion = storedVersion;
        Error = error;
    }

    /// <summary>The price as the store holds it after a write (with <see cref="StoredPrice.Timestamp"/>), else as offered.</summary>
    public StoredPrice Price { get; }

    public PriceWriteOutcome Outcome { get; }

    /// <summary>For <see cref="PriceWriteOutcome.RefusedOlder"/>: the version the store holds, when it said.</summary>
    public PriceVersion? StoredVersion { get; }

    /// <summary>For <see cref="PriceWriteOutcome.Written"/>: the version from the future (beyond <see cref="SourceClock.MaxStoredLead"/>) the store held and this price replaced, if it did.</summary>
    public PriceVersion? ReplacedFutureVersion { get; }

    /// <summary>For <see cref="PriceWriteOutcome.RefusedFenced"/>: the token the feed's fence holds, above the price's.</summary>
    public long? Fence { get; }

    /// <summary>For <see cref="PriceWriteOutcome.Failed"/>: why.</summary>
    public Exception? Error { get; }

    public bool IsWritten => Outcome == PriceWriteOutcome.Written;

    public static PriceWriteResult Written(StoredPrice stored) => new(stored, PriceWriteOutcome.Written, null, null);

    /// <summary>Written over a stored version from the future, which was invalid.</summary>
    public static PriceWriteResult WrittenOverFuture(StoredPrice stored, PriceVersion replaced) =>
        new(stored, PriceWriteOutcome.Written, null, null, replaced);

    public static PriceWriteResult RefusedOlder(StoredPrice offered, PriceVersion? storedVersion) =>
        new(offered, PriceWriteOutcome.RefusedOlder, storedVersion, null);

    /// <summary>Refused because the feed's fence holds <paramref name="fence"/>, above the price's <see cref="StoredPrice.FenceToken"/>.</summary>
    public static PriceWriteResult RefusedFenced(StoredPrice offered, long fence) =>
        new(offered, PriceWriteOutcome.RefusedFenced, null, null, null, fence);

    public static PriceWriteResult Failed(StoredPrice offered, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(offered, PriceWriteOutcome.Failed, null, error);
    }
}
