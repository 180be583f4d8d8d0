using Tickwatch.Market.Diagnostics.MarketData;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>market_data_diagnostics.price_consistency</c>: whether the feeds agree on every symbol, and the quotes the book refused.</summary>
/// <param name="Consistent">No symbol's fresh feeds disagree beyond its tolerance.</param>
/// <param name="DivergentSymbolCount">Symbols whose feeds disagree.</param>
/// <param name="DivergentSymbols">Those symbols with each feed's mid.</param>
/// <param name="RejectedQuotes">Refused quotes by reason.</param>
public sealed record FeedAgreement(
    bool Consistent,
    int DivergentSymbolCount,
    IReadOnlyList<DivergentSymbol> DivergentSymbols,
    IReadOnlyDictionary<string, long> RejectedQuotes)
{
    /// <summary>Venue trades that arrived outside their symbol's fresh quote beyond its tolerance, in total.</summary>
    public long TradesOutsideQuote { get; init; }

    /// <summary>Symbols whose last trade lies outside the fresh quote now.</summary>
    public IReadOnlyList<string> SymbolsWithTradeOutsideQuote { get; init; } = [];
}
