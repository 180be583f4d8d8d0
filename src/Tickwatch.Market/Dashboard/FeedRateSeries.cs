using Tickwatch.Feeds.Listening;

namespace Tickwatch.Market.Dashboard;

/// <summary>One feed's points in <c>rate_history</c>, aligned with its <c>times</c>; null where the feed was not yet known.</summary>
/// <param name="MessagesPerSecond">Messages per second between the previous sample and this one.</param>
/// <param name="States">The connection state at each sample (<c>receiving</c>, <c>reconnecting</c>…).</param>
public sealed record FeedRateSeries(IReadOnlyList<double?> MessagesPerSecond, IReadOnlyList<FeedConnectionState?> States);
