namespace Tickwatch.Market.Dashboard;

/// <summary><c>rate_history</c> of the dashboard: columns ready for a chart, oldest point first.</summary>
/// <param name="IntervalSeconds">Time between samples.</param>
/// <param name="Times">Each sample's time, in Unix seconds.</param>
/// <param name="Feeds">Each feed's points, by name.</param>
/// <param name="Trading">The trading engine's refusals and fills per second, and their sums over the window.</param>
public sealed record FeedRateHistoryView(
    double IntervalSeconds,
    IReadOnlyList<double> Times,
    IReadOnlyDictionary<string, FeedRateSeries> Feeds,
    TradingRateSeries Trading);
