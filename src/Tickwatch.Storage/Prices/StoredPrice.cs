using Tickwatch.Core.Prices;

namespace Tickwatch.Storage.Prices;

/// <summary>The latest price of one symbol as a store keeps it: the quote, where and when it came from, and its version.</summary>
/// <remarks>
/// Every time kept with a price is a time the price was true (the source's, and ours on receipt), never the write
/// time, so a price written late (a retry after a store outage) does not look newer than it is. Times are kept at the
/// precision the Redis hash has, by both stores alike: <see cref="SourceTime"/> and <see cref="Timestamp"/> in
/// milliseconds, <see cref="ReceivedAt"/> in microseconds. <see cref="Version"/> keeps
/// its own microseconds, so a price read back compares exactly as it was written.
/// </remarks>
public sealed record StoredPrice
{
    public required string Symbol { get; init; }

    public required decimal Bid { get; init; }

    public required decimal Ask { get; init; }

    /// <summary>Feed whose update produced the price; empty when the writer did not say (a reference-system hash).</summary>
    public required string Feed { get; init; }

    /// <summary>Local time the update was read off the feed's socket.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The source's own time stamp, when the feed carries one.</summary>
    public DateTimeOffset? SourceTime { get; init; }

    /// <summary>The source's sequence number, when the feed carries one.</summary>
    public long? SourceSequence { get; init; }

    /// <summary>The price book's sequence of the quote (per symbol, monotonic within a process; warmup restores it).</summary>
    public required long BookSequence { get; init; }

    /// <summary>What the store compares: a price is written only over an older version.</summary>
    public required PriceVersion Version { get; init; }

    /// <summary>
    /// The reference's <c>ts</c>, from which its readers compute a price's age: the local time the price was received
    /// (when it was true here), never when it was written; null for a price not yet stored (the store sets it from
    /// <see cref="ReceivedAt"/>), or a reference-system hash's own.
    /// </summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>
    /// The fence token of the lease under which the price is written (its feed's), checked by the store against the
    /// feed's fence for the symbol; null or 0: no check (single mode). Not stored, not compared, not read back.
    /// </summary>
    public long? FenceToken { get; init; }

    /// <summary>The price to store for a quote the book accepted.</summary>
    public static StoredPrice FromQuote(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return new StoredPrice
        {
            Symbol = quote.Symbol,
            Bid = quote.Bid,
            Ask = quote.Ask,
            Feed = quote.Feed,
            ReceivedAt = quote.ReceivedAt,
            SourceTime = quote.SourceTime,
            SourceSequence = quote.SourceSequence,
            BookSequence = quote.BookSequence,
            Version = quote.Version,
        };
    }

    /// <summary>This price as the stores keep it: <see cref="Timestamp"/> its own or its receipt time, times cut to the hash's precision.</summary>
    public StoredPrice AsStored() => this with
    {
        ReceivedAt = TruncateTo(ReceivedAt, TimeSpan.TicksPerMicrosecond),
        SourceTime = SourceTime is { } source ? TruncateTo(source, TimeSpan.TicksPerMillisecond) : null,
        Timestamp = TruncateTo(Timestamp ?? ReceivedAt, TimeSpan.TicksPerMillisecond),
    };

    private static DateTimeOffset TruncateTo(DateTimeOffset time, long ticks)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % ticks), TimeSpan.Zero);
    }
}
