using Tickwatch.Market.Diagnostics.MarketData;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>market_data_diagnostics</c>: the headline sections of <c>/api/debug/market-data</c> under the same names (symbol by symbol is left to that endpoint).</summary>
/// <remarks>The guide's <c>freshness_rate</c>, <c>fresh_symbols</c> and <c>missing_data_symbols</c> are in <c>data_freshness</c>.</remarks>
/// <param name="DataFreshness">Fresh, stale and missing symbols and <c>freshness_rate</c>.</param>
/// <param name="PriceConsistency">Whether the feeds agree, and where they do not.</param>
/// <param name="BookStatistics">What the price book did with the updates it was given.</param>
public sealed record MarketDataSection(
    DataFreshnessSection DataFreshness,
    FeedAgreement PriceConsistency,
    BookStatisticsSection BookStatistics)
{
    public static MarketDataSection From(MarketDataReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var consistency = report.PriceConsistency;
        return new MarketDataSection(
            report.DataFreshness,
            new FeedAgreement(consistency.Consistent, consistency.DivergentSymbolCount, consistency.DivergentSymbols, consistency.RejectedQuotes)
            {
                TradesOutsideQuote = consistency.TradesOutsideQuote,
                SymbolsWithTradeOutsideQuote = consistency.SymbolsWithTradeOutsideQuote,
            },
            report.BookStatistics);
    }
}
