namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>One symbol in <c>symbol_analysis</c>: the book's price, its age and source, each feed's price, and the venue's last trade.</summary>
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
    IReadOnlyDictionary<string, long> Rejected)
{
    /// <summary>The venue's last trade, null when the symbol's feeds carry no trades.</summary>
    public LastTradeView? LastTrade { get; init; }

    /// <summary>Trades that arrived outside the fresh quote beyond the tolerance, by feed.</summary>
    public IReadOnlyDictionary<string, long> TradesOutsideQuote { get; init; } = new Dictionary<string, long>();
}
