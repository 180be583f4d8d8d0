namespace Tickwatch.Core.Prices;

/// <summary>The last accepted price from one feed for one symbol, so that feeds can be compared.</summary>
public sealed record FeedQuoteState
{
    public required string Feed { get; init; }

    public decimal? Bid { get; init; }

    public decimal? Ask { get; init; }

    public long FeedSession { get; init; }

    public long? SourceSequence { get; init; }

    public DateTimeOffset? SourceTime { get; init; }

    /// <summary>When this feed last delivered an accepted update for the symbol.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    public bool IsComplete => Bid.HasValue && Ask.HasValue;

    public decimal? Mid => IsComplete ? (Bid!.Value + Ask!.Value) / 2m : null;
}
