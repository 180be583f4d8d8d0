namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>The last accepted price of one feed for one symbol.</summary>
public sealed record FeedQuoteView(
    decimal? Bid,
    decimal? Ask,
    double AgeSeconds,
    bool IsFresh,
    long Session,
    long? SourceSequence,
    DateTimeOffset? SourceTime);
