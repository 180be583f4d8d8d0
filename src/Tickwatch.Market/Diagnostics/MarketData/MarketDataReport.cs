namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>The body of <c>GET /api/debug/market-data</c>.</summary>
public sealed record MarketDataReport(
    DateTimeOffset Timestamp,
    DataFreshnessSection DataFreshness,
    IReadOnlyDictionary<string, SymbolAnalysis> SymbolAnalysis,
    PriceConsistencySection PriceConsistency,
    BookStatisticsSection BookStatistics);
