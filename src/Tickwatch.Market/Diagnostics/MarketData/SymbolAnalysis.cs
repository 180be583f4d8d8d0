namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>One symbol in <c>symbol_analysis</c>: the book's price, its age and source, and each feed's price.</summary>
public sealed record SymbolAnalysis(
    decimal? Bid,
    decimal? Ask,
    decimal? Spread,
    double? AgeSeconds,
    string Freshness,
    bool IsFresh,
    bool IsWarmup,
    string? Feed,
    long? BookSequence,
    long? SourceSequence,
    DateTimeOffset? SourceTime,
    DateTimeOffset? ReceivedAt,
    double MaxQuoteAgeSeconds,
    IReadOnlyDictionary<string, FeedQuoteView> Feeds,
    decimal? FeedDivergence,
    bool IsConsistent,
    long UpdatesAccepted,
    long Duplicates,
    long OutOfOrder,
    long Superseded,
    IReadOnlyDictionary<string, long> Rejected);
