namespace Tickwatch.Core.Prices;

/// <summary>A complete two-sided price held by the book, with where and when it came from.</summary>
public sealed record Quote
{
    public required string Symbol { get; init; }

    public required decimal Bid { get; init; }

    public required decimal Ask { get; init; }

    /// <summary>Feed whose update produced this quote ("warmup" for a value loaded from the store).</summary>
    public required string Feed { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset? SourceTime { get; init; }

    public long? SourceSequence { get; init; }

    /// <summary>Monotonic per symbol: every accepted quote gets the next number; clients and stores order by it.</summary>
    public required long BookSequence { get; init; }

    /// <summary>Where this quote stands among the symbol's prices, stamped once by the book; the writer, the stores and their announcements carry it.</summary>
    public required PriceVersion Version { get; init; }

    /// <summary>True for a value loaded from the store after a restart: shown, never traded on.</summary>
    public bool IsWarmup { get; init; }

    /// <summary>
    /// True for a price another instance of the cluster received and stored, taken into this book from its announcement:
    /// as true as one received here (its receipt time is the writer's), but not written back by this instance.
    /// </summary>
    public bool IsReplicated { get; init; }

    public decimal Mid => (Bid + Ask) / 2m;

    public decimal Spread => Ask - Bid;

    /// <summary>Age of the quote at <paramref name="now"/>, measured from local receipt.</summary>
    public TimeSpan AgeAt(DateTimeOffset now) => now - ReceivedAt;
}
