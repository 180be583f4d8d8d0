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
    IReadOnlyDictionary<string, long> RejectedQuotes);
