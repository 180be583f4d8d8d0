namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>Where feeds disagree, and which quotes the book refused or kept from replacing a newer one (<c>superseded</c>).</summary>
public sealed record PriceConsistencySection(
    bool Consistent,
    int DivergentSymbolCount,
    IReadOnlyList<DivergentSymbol> DivergentSymbols,
    IReadOnlyDictionary<string, long> RejectedQuotes,
    long CrossedQuotesRejected,
    long Duplicates,
    long OutOfOrder,
    long Superseded,
    IReadOnlyList<RejectionView> RecentRejections)
{
    /// <summary>Trades that arrived outside their symbol's fresh quote beyond its tolerance (a quote-vs-trade sanity check).</summary>
    public long TradesOutsideQuote { get; init; }

    /// <summary>Symbols whose last trade lies outside the fresh quote now, beyond the tolerance.</summary>
    public IReadOnlyList<string> SymbolsWithTradeOutsideQuote { get; init; } = [];
}
