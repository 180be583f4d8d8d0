using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>The WebSocket rows of the guide: <c>is_running</c>, <c>connection_failures</c>, <c>parse_error_rate</c>, <c>success_rate</c>, <c>last_message_age</c>.</summary>
public sealed class WebSocketRuleUnitTests
{
    [Fact]
    public void Running_feeds_pass_every_websocket_check()
    {
        var snapshot = Snapshots.Healthy();
        IDiagnosisRule[] rules = [new ListenerRunningRule(), new ConnectionFailuresRule(), new ParseErrorRateRule(), new ConnectionSuccessRateRule(), new LastMessageAgeRule()];

        Assert.All(rules, r => Assert.NotNull(r.Evaluate(snapshot).Passed));
    }

    [Fact]
    public void A_stalled_feed_is_a_listener_down_whose_cause_is_a_stall()
    {
        var stalled = Snapshots.Feed() with
        {
            State = "connected",
            IsRunning = false,
            Session = 4,
            LastMessageAge = 3.2,
            NoDataTimeoutSeconds = 1,
            Disconnections = 3,
            LastDisconnectReason = "no data for 1.0 s",
            LastError = new FeedErrorInfo(FeedErrorInfo.ConnectionLost, "no data for 1.0 s", Snapshots.At),
        };
        var snapshot = Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(json: stalled) };

        var finding = new ListenerRunningRule().Finding(snapshot)!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("WebSocket listener down", finding.Title);
        Assert.StartsWith("\"is_running\": false (1 of 2 feeds delivering; not running: json)", finding.Symptom, StringComparison.Ordinal);
        Assert.Contains("feed 'json' connects but receives nothing (no message for 3.2 s", finding.RootCause, StringComparison.Ordinal);
        Assert.Contains("the quote server stopped sending (a stall)", finding.RootCause, StringComparison.Ordinal);
        Assert.Contains("POST /api/debug/services/feed_json/restart", finding.Action, StringComparison.Ordinal);
        Assert.DoesNotContain("feed_binary", finding.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_feed_is_a_listener_down_whose_cause_is_the_connection()
    {
        var refused = Snapshots.Feed() with
        {
            State = "reconnecting",
            IsRunning = false,
            SocketOpen = false,
            LastMessageAge = null,
            ConnectionFailures = 7,
            ReconnectAttempt = 7,
            LastError = new FeedErrorInfo(FeedErrorInfo.ConnectFailed, "Connection refused (127.0.0.1:9001)", Snapshots.At),
        };

        var finding = new ListenerRunningRule().Finding(Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(json: refused) })!;

        Assert.Contains("feed 'json' cannot connect (Connection refused (127.0.0.1:9001); attempt 7, no message yet)", finding.RootCause, StringComparison.Ordinal);
        Assert.Contains("network/DNS", finding.RootCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4.9, null)]
    [InlineData(5.0, Severity.Warning)]
    [InlineData(5.5, Severity.Critical)]
    [InlineData(12.0, Severity.Critical)]
    public void Connection_failures_over_the_last_hour_follow_the_guides_five(double perHour, Severity? expected)
    {
        var feed = Snapshots.Feed() with
        {
            ConnectionFailures = 40,
            ConnectionFailuresLastHour = perHour,
            LastError = new FeedErrorInfo(FeedErrorInfo.ConnectFailed, "Name or service not known", Snapshots.At),
        };

        var finding = new ConnectionFailuresRule().Finding(Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(json: feed) });

        Assert.Equal(expected, finding?.Severity);
        if (finding is not null)
        {
            Assert.StartsWith("WebSocket server issues", finding.RootCause, StringComparison.Ordinal);
            Assert.Contains("Name or service not known", finding.RootCause, StringComparison.Ordinal);
            Assert.StartsWith("Check network/DNS", finding.Action, StringComparison.Ordinal);
            Assert.Equal(perHour, finding.Evidence["connection_failures_last_hour"]);
        }
    }

    [Theory]
    [InlineData(5.0, null)]
    [InlineData(5.1, Severity.Warning)]
    [InlineData(10.0, Severity.Warning)]
    [InlineData(10.1, Severity.Critical)]
    public void Parse_error_rate_of_one_feed_is_judged_against_five_and_ten_percent(double rate, Severity? expected)
    {
        var feed = Snapshots.Feed("protobuf") with { ParseErrorRate = rate, ParseErrorsByCategory = new Dictionary<string, long> { ["malformed_protobuf"] = 42 } };

        var finding = new ParseErrorRateRule().Finding(Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(binary: feed) });

        Assert.Equal(expected, finding?.Severity);
        if (expected == Severity.Critical)
        {
            Assert.Equal("Message format changed", finding!.Title);
            Assert.StartsWith("Message format changed", finding.RootCause, StringComparison.Ordinal);
            Assert.Contains("feed 'binary'", finding.RootCause, StringComparison.Ordinal);
            Assert.Contains("malformed_protobuf 42", finding.RootCause, StringComparison.Ordinal);
            Assert.StartsWith("Check WebSocket protocol", finding.Action, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_parse_error_rate_over_too_few_messages_is_not_judged()
    {
        var feed = Snapshots.Feed() with { MessagesReceived = 3, ParseErrorRate = 33.33 };

        Assert.Null(new ParseErrorRateRule().Finding(Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(json: feed) }));
    }

    [Theory]
    [InlineData(95.0, null)]
    [InlineData(94.9, Severity.Warning)]
    [InlineData(79.9, Severity.Critical)]
    public void Success_rate_follows_the_guides_ninety_five_and_eighty(double rate, Severity? expected)
    {
        var websocket = Snapshots.WebSocket();
        websocket = websocket with { ConnectionHistory = websocket.ConnectionHistory with { ConnectionAttempts = 100, SuccessRate = rate, LastDisconnectReason = "pong timeout" } };

        var finding = new ConnectionSuccessRateRule().Finding(Snapshots.Healthy() with { WebSocket = websocket });

        Assert.Equal(expected, finding?.Severity);
        if (finding is not null)
        {
            Assert.StartsWith("Frequent disconnections", finding.RootCause, StringComparison.Ordinal);
            Assert.StartsWith("Check ping/network", finding.Action, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_feed_silent_for_thirty_seconds_is_a_warning_naming_it()
    {
        var silent = Snapshots.Feed() with { LastMessageAge = 31, IsRunning = false, State = "receiving" };

        var finding = new LastMessageAgeRule().Finding(Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(json: silent) })!;

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("json 31 s", finding.Symptom, StringComparison.Ordinal);
    }
}
