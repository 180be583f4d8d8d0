namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>How many symbols may be acted on now; <c>freshness_rate</c> is a percentage of the symbols inside their trading hours.</summary>
public sealed record DataFreshnessSection(
    int TotalSymbols,
    int FreshSymbols,
    int StaleSymbols,
    int MissingSymbols,
    double FreshnessRate,
    IReadOnlyList<string> StaleSymbolList,
    IReadOnlyList<string> MissingDataSymbols,
    IReadOnlyList<string> WarmupSymbols,
    double DefaultMaxQuoteAgeSeconds)
{
    /// <summary>Symbols outside their trading hours, not counted in the freshness rate.</summary>
    public int ClosedSymbols { get; init; }

    public IReadOnlyList<string> ClosedSymbolList { get; init; } = [];
}
