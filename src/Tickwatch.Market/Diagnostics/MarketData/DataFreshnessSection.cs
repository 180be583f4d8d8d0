namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>How many symbols may be acted on now; <c>freshness_rate</c> is a percentage of all known symbols.</summary>
public sealed record DataFreshnessSection(
    int TotalSymbols,
    int FreshSymbols,
    int StaleSymbols,
    int MissingSymbols,
    double FreshnessRate,
    IReadOnlyList<string> StaleSymbolList,
    IReadOnlyList<string> MissingDataSymbols,
    IReadOnlyList<string> WarmupSymbols,
    double DefaultMaxQuoteAgeSeconds);
