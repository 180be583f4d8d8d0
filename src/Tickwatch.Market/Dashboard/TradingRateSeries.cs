namespace Tickwatch.Market.Dashboard;

/// <summary><c>rate_history.trading</c>: the trading engine's refusals and fills per second, aligned with <c>times</c>, and their sums over the points kept.</summary>
/// <param name="RefusalsPerSecond">Refusals between the previous sample and this one, per second; null where the engine was not yet read.</param>
/// <param name="FillsPerSecond">Fills between the previous sample and this one, per second; null likewise.</param>
/// <param name="Refusals">Refusals in the window the points cover.</param>
/// <param name="Fills">Fills in that window.</param>
/// <param name="WindowSeconds">How long that window is; 0 before the second reading.</param>
public sealed record TradingRateSeries(
    IReadOnlyList<double?> RefusalsPerSecond,
    IReadOnlyList<double?> FillsPerSecond,
    long Refusals,
    long Fills,
    double WindowSeconds);
