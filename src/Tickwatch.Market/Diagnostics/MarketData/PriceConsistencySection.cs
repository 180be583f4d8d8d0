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
    IReadOnlyList<RejectionView> RecentRejections);
