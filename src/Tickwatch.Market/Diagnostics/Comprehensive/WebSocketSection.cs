using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Diagnostics.WebSocket;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>websocket_diagnostics</c>: the headline sections of <c>/api/debug/websocket</c> under the same names, and each feed in short.</summary>
/// <remarks>The guide's <c>"is_running": false</c> is <c>connection_status.is_running</c>; each feed says <c>socket_open</c>, never <c>connected</c>, which in this report is Redis's.</remarks>
/// <param name="ConnectionStatus">Whether every feed delivers prices.</param>
/// <param name="ConnectionHistory">Attempts, failures and <c>success_rate</c> over all feeds.</param>
/// <param name="ConnectionFailuresLastHour">Failed connection attempts per hour over the last hour, all feeds.</param>
/// <param name="PerformanceMetrics">Message flow, <c>parse_error_rate</c> and <c>last_message_age</c> over all feeds.</param>
/// <param name="Feeds">Each feed by name.</param>
public sealed record WebSocketSection(
    ListenerStatus ConnectionStatus,
    ConnectionHistorySection ConnectionHistory,
    double ConnectionFailuresLastHour,
    FeedPerformanceSection PerformanceMetrics,
    IReadOnlyDictionary<string, FeedSummary> Feeds)
{
    public static WebSocketSection From(
        WebSocketReport report,
        IReadOnlyList<FeedStatisticsSnapshot> feeds,
        IReadOnlyDictionary<string, double> failuresPerHour,
        IReadOnlyDictionary<string, FeedRole>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(failuresPerHour);
        var status = report.ConnectionStatus;
        return new WebSocketSection(
            new ListenerStatus(status.IsRunning, status.FeedsTotal, status.FeedsRunning, status.FeedsNotRunning) { FeedsStandby = status.FeedsStandby },
            report.ConnectionHistory,
            Math.Round(failuresPerHour.Values.Sum(), 2),
            report.PerformanceMetrics,
            feeds.ToDictionary(
                f => f.Name,
                f => new FeedSummary(
                    f.Protocol,
                    report.Feeds.TryGetValue(f.Name, out var feed) ? feed.State : f.State.ToString(),
                    f.IsRunning || WebSocketReportBuilder.IsStandby(f.Name, roles),
                    f.Connected,
                    f.Session,
                    f.LastMessageAge,
                    f.NoDataTimeoutSeconds,
                    f.SuccessRate,
                    f.ConnectionFailures,
                    failuresPerHour.GetValueOrDefault(f.Name),
                    f.Disconnections,
                    f.MessagesReceived,
                    f.MessagesPerSecond,
                    f.ParseErrorRate,
                    f.ParseErrorsByCategory.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
                    f.ReconnectAttempt,
                    f.LastDisconnectReason,
                    f.LastError,
                    f.Recording)
                {
                    Role = roles?.GetValueOrDefault(f.Name)?.Name ?? FeedRole.WriterName,
                    HeldBy = roles?.GetValueOrDefault(f.Name)?.HeldBy,
                },
                StringComparer.Ordinal));
    }
}
