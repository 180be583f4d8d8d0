namespace Tickwatch.Gateway.MarketService;

/// <summary>How fresh the market service's prices are (<c>"freshness_rate"</c> below 50 → stale data).</summary>
/// <param name="FreshSymbols">Symbols with a live price younger than their limit.</param>
/// <param name="TotalSymbols">Every known symbol.</param>
/// <param name="FreshnessRate">Fresh symbols in percent.</param>
/// <param name="MinFreshnessRate">What readiness requires, in percent.</param>
/// <param name="StaleSymbols">Symbols whose price is too old (first 20).</param>
/// <param name="MissingDataSymbols">Symbols never seen live (first 20).</param>
/// <param name="Detail">The market service's description.</param>
public sealed record FreshnessSummary(
    int? FreshSymbols,
    int? TotalSymbols,
    double? FreshnessRate,
    double? MinFreshnessRate,
    IReadOnlyList<string> StaleSymbols,
    IReadOnlyList<string> MissingDataSymbols,
    string? Detail);
