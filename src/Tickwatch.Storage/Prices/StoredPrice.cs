using Tickwatch.Core.Prices;

namespace Tickwatch.Storage.Prices;

/// <summary>The latest price of one symbol as a store keeps it: the quote, where and when it came from, and its version.</summary>
/// <remarks>
/// Times are kept at the precision the Redis hash has, by both stores alike: <see cref="SourceTime"/> and
/// <see cref="StoredAt"/> in milliseconds, <see cref="ReceivedAt"/> in microseconds. <see cref="Version"/> keeps
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

    /// <summary>Local time the store wrote it (the reference's <c>ts</c>); null for a price not yet written.</summary>
    public DateTimeOffset? StoredAt { get; init; }

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

    /// <summary>This price as the stores return it after writing it at <paramref name="storedAt"/>: times cut to the hash's precision.</summary>
    public StoredPrice AsStored(DateTimeOffset storedAt) => this with
    {
        ReceivedAt = TruncateTo(ReceivedAt, TimeSpan.TicksPerMicrosecond),
        SourceTime = SourceTime is { } source ? TruncateTo(source, TimeSpan.TicksPerMillisecond) : null,
        StoredAt = TruncateTo(storedAt, TimeSpan.TicksPerMillisecond),
    };

    private static DateTimeOffset TruncateTo(DateTimeOffset time, long ticks)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % ticks), TimeSpan.Zero);
    }
}
