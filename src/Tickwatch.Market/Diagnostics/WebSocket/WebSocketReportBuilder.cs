using System.Text.Json;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Cluster;

namespace Tickwatch.Market.Diagnostics.WebSocket;

/// <summary>Builds the WebSocket report from the listeners' statistics; totals and per-feed figures share one aggregation.</summary>
public static class WebSocketReportBuilder
{
    /// <param name="feeds">The listeners' statistics.</param>
    /// <param name="now">When the report is made.</param>
    /// <param name="roles">
    /// This instance's role per feed in leased mode: a feed another instance writes (standby) counts as running, since its
    /// prices flow, and is named in <c>feeds_standby</c>; null in single mode, where every feed is this instance's.
    /// </param>
    public static WebSocketReport Build(IReadOnlyList<FeedStatisticsSnapshot> feeds, DateTimeOffset now, IReadOnlyDictionary<string, FeedRole>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        return new WebSocketReport(
            now,
            Status(feeds, roles),
            History(feeds),
            Performance(feeds),
            Errors(feeds),
            feeds.ToDictionary(f => f.Name, f => Feed(f, roles), StringComparer.Ordinal));
    }

    private static FeedReport Feed(FeedStatisticsSnapshot f, IReadOnlyDictionary<string, FeedRole>? roles)
    {
        FeedStatisticsSnapshot[] one = [f];
        return new FeedReport(
            f.Protocol,
            f.Url,
            JsonNamingPolicy.SnakeCaseLower.ConvertName(f.State.ToString()),
            f.Session,
            f.ConnectedSince,
            f.UptimeSeconds,
            f.TotalConnectedSeconds,
            f.NoDataTimeoutSeconds,
            f.NextReconnectDelayMs,
            Status(one, roles),
            History(one),
            Performance(one),
            Errors(one));
    }

    private static ConnectionStatusSection Status(IReadOnlyList<FeedStatisticsSnapshot> feeds, IReadOnlyDictionary<string, FeedRole>? roles)
    {
        var standby = feeds.Where(f => !f.IsRunning && IsStandby(f.Name, roles)).Select(f => f.Name).ToList();
        var running = feeds.Count(f => f.IsRunning) + standby.Count;
        var connected = feeds.Count(f => f.Connected);
        return new ConnectionStatusSection(
            feeds.Count > 0 && running == feeds.Count,
            feeds.Count > 0 && connected == feeds.Count,
            feeds.Count,
            running,
            connected,
            [.. feeds.Where(f => !f.IsRunning && !standby.Contains(f.Name)).Select(f => f.Name)])
        {
            FeedsStandby = standby.Count == 0 ? null : standby,
        };
    }

    /// <summary>Whether another instance writes the feed: its listener is not run here by design, and its prices flow.</summary>
    public static bool IsStandby(string feed, IReadOnlyDictionary<string, FeedRole>? roles) =>
        roles is not null && roles.TryGetValue(feed, out var role) && role.Kind == FeedRoleKind.Standby;

    private static ConnectionHistorySection History(IReadOnlyList<FeedStatisticsSnapshot> feeds)
    {
        var attempts = feeds.Sum(f => f.ConnectionAttempts);
        var successes = feeds.Sum(f => f.SuccessfulConnections);
        var last = feeds.Where(f => f.LastDisconnectAt is not null).MaxBy(f => f.LastDisconnectAt);
        return new ConnectionHistorySection(
            attempts,
            successes,
            feeds.Sum(f => f.ConnectionFailures),
            feeds.Sum(f => f.Disconnections),
            attempts == 0 ? 100 : Percent(successes, attempts),
            last?.LastDisconnectReason,
            last?.LastDisconnectAt);
    }

    private static FeedPerformanceSection Performance(IReadOnlyList<FeedStatisticsSnapshot> feeds)
    {
        var messages = feeds.Sum(f => f.MessagesReceived);
        var failed = feeds.Sum(f => f.MessagesFailed);
        return new FeedPerformanceSection(
            messages,
            feeds.Sum(f => f.UpdatesReceived),
            feeds.Sum(f => f.BytesReceived),
            Math.Round(feeds.Sum(f => f.MessagesPerSecond), 2),
            Math.Round(feeds.Sum(f => f.UpdatesPerSecond), 2),
            feeds.Sum(f => f.ParseErrors),
            messages == 0 ? 0 : Percent(failed, messages),
            feeds.Max(f => f.LastMessageAge))
        {
            TradesReceived = feeds.Sum(f => f.TradesReceived),
            ControlFrames = feeds.SelectMany(f => f.ControlFrames)
                .GroupBy(c => c.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal),
        };
    }

    private static ErrorAnalysisSection Errors(IReadOnlyList<FeedStatisticsSnapshot> feeds) => new(
        feeds.SelectMany(f => f.ParseErrorsByCategory)
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal),
        feeds.Sum(f => f.MessagesFailed),
        feeds.Sum(f => f.FramesIgnored),
        feeds.Sum(f => f.CodecExceptions),
        feeds.Sum(f => f.SinkExceptions),
        feeds.Where(f => f.LastError is not null).ToDictionary(f => f.Name, f => f.LastError!, StringComparer.Ordinal));

    private static double Percent(long part, long whole) => Math.Round(part * 100.0 / whole, 2);
}
