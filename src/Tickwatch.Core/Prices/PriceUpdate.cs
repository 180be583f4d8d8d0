namespace Tickwatch.Core.Prices;

/// <summary>One price update for one symbol as a feed delivered it; either side may be absent.</summary>
/// <remarks>
/// A missing side is <c>null</c>, never 0: the book merges it with the last known side.
/// <see cref="FeedSession"/> changes on every (re)connection so that a feed whose sequence
/// restarts is not mistaken for one sending old data.
/// </remarks>
public readonly record struct PriceUpdate
{
    public required string Symbol { get; init; }

    public decimal? Bid { get; init; }

    public decimal? Ask { get; init; }

    /// <summary>Name of the feed that delivered the update.</summary>
    public required string Feed { get; init; }

    /// <summary>Connection number of the feed; sequences are compared only within one session.</summary>
    public long FeedSession { get; init; }

    /// <summary>Local time the frame carrying this update was read off the socket.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The source's sequence number, where the protocol carries one.</summary>
    public long? SourceSequence { get; init; }

    /// <summary>The source's own time stamp, where the protocol carries one.</summary>
    public DateTimeOffset? SourceTime { get; init; }
}
