using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Diagnostics.WebSocket;

namespace Tickwatch.Market.Tests.Diagnostics;

public class WebSocketReportBuilderUnitTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Totals_add_up_the_feeds_and_rates_are_recomputed_from_the_sums()
    {
        var report = WebSocketReportBuilder.Build(
            [
                Feed("json", attempts: 4, successes: 3, messages: 900, failed: 100, age: 0.5),
                Feed("binary", attempts: 1, successes: 1, messages: 100, failed: 0, age: 2.5),
            ],
            Now);

        Assert.True(report.ConnectionStatus.IsRunning);
        Assert.Equal(5, report.ConnectionHistory.ConnectionAttempts);
        Assert.Equal(80.0, report.ConnectionHistory.SuccessRate);
        Assert.Equal(1, report.ConnectionHistory.ConnectionFailures);
        Assert.Equal(1000, report.PerformanceMetrics.MessagesReceived);
        Assert.Equal(10.0, report.PerformanceMetrics.ParseErrorRate);
        Assert.Equal(2.5, report.PerformanceMetrics.LastMessageAge);
        Assert.Equal(100, report.ErrorAnalysis.ParseErrorsByCategory["malformed_json"]);
        Assert.Equal(75.0, report.Feeds["json"].ConnectionHistory.SuccessRate);
        Assert.Equal(0.0, report.Feeds["binary"].PerformanceMetrics.ParseErrorRate);
    }

    [Fact]
    public void One_feed_not_running_makes_the_whole_not_running_and_is_named()
    {
        var report = WebSocketReportBuilder.Build([Feed("json"), Feed("binary", running: false)], Now);

        Assert.False(report.ConnectionStatus.IsRunning);
        Assert.Equal(["binary"], report.ConnectionStatus.FeedsNotRunning);
        Assert.True(report.Feeds["json"].ConnectionStatus.IsRunning);
        Assert.False(report.Feeds["binary"].ConnectionStatus.IsRunning);
    }

    [Fact]
    public void No_feeds_is_not_running()
    {
        Assert.False(WebSocketReportBuilder.Build([], Now).ConnectionStatus.IsRunning);
    }

    private static FeedStatisticsSnapshot Feed(
        string name, bool running = true, long attempts = 1, long successes = 1, long messages = 10, long failed = 0, double age = 0.1) => new()
        {
            Name = name,
            Protocol = "json",
            Url = $"ws://127.0.0.1:9001/ws/{name}",
            At = Now,
            State = running ? FeedConnectionState.Receiving : FeedConnectionState.Reconnecting,
            IsRunning = running,
            Connected = running,
            ConnectionAttempts = attempts,
            SuccessfulConnections = successes,
            ConnectionFailures = attempts - successes,
            Disconnections = 0,
            SuccessRate = 100,
            ReconnectAttempt = 0,
            NextReconnectDelayMs = null,
            Session = successes,
            ConnectedSince = Now,
            UptimeSeconds = 1,
            TotalConnectedSeconds = 1,
            MessagesReceived = messages,
            UpdatesReceived = messages * 3,
            BytesReceived = messages * 100,
            FramesIgnored = 0,
            MessagesFailed = failed,
            ParseErrors = failed,
            ParseErrorsByCategory = new Dictionary<string, long> { ["malformed_json"] = failed },
            ParseErrorRate = 0,
            CodecExceptions = 0,
            SinkExceptions = 0,
            MessagesPerSecond = 1,
            UpdatesPerSecond = 3,
            RateWindowSeconds = 10,
            LastMessageAt = Now,
            LastMessageAge = age,
            NoDataTimeoutSeconds = 5,
            LastError = null,
            LastDisconnectReason = null,
            LastDisconnectAt = null,
        };
}
