using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Feeds.Tests.Listening;

public sealed class FeedStatisticsUnitTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly FeedStatistics _stats;

    public FeedStatisticsUnitTests()
    {
        _stats = new FeedStatistics("json", FeedProtocol.Json, "ws://hub/ws?token=***", TimeSpan.FromSeconds(5), _time);
    }

    [Fact]
    public void A_new_listener_shows_no_activity_and_no_invented_numbers()
    {
        var snapshot = _stats.GetSnapshot();

        Assert.Equal("json", snapshot.Name);
        Assert.Equal("json", snapshot.Protocol);
        Assert.Equal(FeedConnectionState.Starting, snapshot.State);
        Assert.False(snapshot.IsRunning);
        Assert.False(snapshot.Connected);
        Assert.Equal(0, snapshot.ConnectionAttempts);
        Assert.Equal(100, snapshot.SuccessRate);
        Assert.Equal(0, snapshot.ParseErrorRate);
        Assert.Null(snapshot.LastMessageAt);
        Assert.Null(snapshot.LastMessageAge);
        Assert.Null(snapshot.UptimeSeconds);
        Assert.Null(snapshot.LastError);
        Assert.Equal(ParseErrorCategoryNames.Count, snapshot.ParseErrorsByCategory.Count);
        Assert.All(snapshot.ParseErrorsByCategory.Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public void Success_rate_is_successful_connections_over_attempts_in_percent()
    {
        _stats.LoopStarted();
        _stats.ConnectFailed("refused", Start);
        Connect();
        Disconnect();
        Connect();
        Disconnect();
        Connect();

        var snapshot = _stats.GetSnapshot();

        Assert.Equal(4, snapshot.ConnectionAttempts);
        Assert.Equal(3, snapshot.SuccessfulConnections);
        Assert.Equal(1, snapshot.ConnectionFailures);
        Assert.Equal(2, snapshot.Disconnections);
        Assert.Equal(75.0, snapshot.SuccessRate);
        Assert.Equal(3, snapshot.Session);

        _stats.ConnectFailed("refused", Start);
        _stats.ConnectFailed("refused", Start);
        Assert.Equal(50.0, _stats.GetSnapshot().SuccessRate);
        _stats.ConnectFailed("refused", Start);
        Assert.Equal(42.86, _stats.GetSnapshot().SuccessRate);
    }

    [Fact]
    public void Parse_error_rate_is_failed_messages_over_messages_and_entry_errors_count_by_category_only()
    {
        Connect();
        for (var i = 0; i < 8; i++)
        {
            Message();
        }

        _stats.MessageFailed(ParseErrorCategory.MalformedJson, "cut short", Start);
        _stats.EntryFailed(ParseErrorCategory.UnknownSymbol, "not listed", Start);
        _stats.EntryFailed(ParseErrorCategory.UnknownSymbol, "not listed", Start);

        var snapshot = _stats.GetSnapshot();

        Assert.Equal(1, snapshot.MessagesFailed);
        Assert.Equal(3, snapshot.ParseErrors);
        Assert.Equal(1, snapshot.ParseErrorsByCategory["malformed_json"]);
        Assert.Equal(2, snapshot.ParseErrorsByCategory["unknown_symbol"]);
        Assert.Equal(12.5, snapshot.ParseErrorRate);
        Assert.Equal(new FeedErrorInfo("unknown_symbol", "not listed", Start), snapshot.LastError);

        _stats.CodecThrew("boom", Start);
        Assert.Equal(25.0, _stats.GetSnapshot().ParseErrorRate);
        Assert.Equal(1, _stats.GetSnapshot().CodecExceptions);
    }

    [Fact]
    public void Message_and_update_rates_follow_fake_time_over_a_sliding_window()
    {
        Connect();
        for (var second = 0; second < 10; second++)
        {
            for (var i = 0; i < 20; i++)
            {
                Message(updates: 3);
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var steady = _stats.GetSnapshot();
        Assert.Equal(20.0, steady.MessagesPerSecond);
        Assert.Equal(60.0, steady.UpdatesPerSecond);
        Assert.Equal(10, steady.RateWindowSeconds);

        _time.Advance(TimeSpan.FromSeconds(5));
        var fading = _stats.GetSnapshot();
        Assert.Equal(10.0, fading.MessagesPerSecond);
        Assert.Equal(30.0, fading.UpdatesPerSecond);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _stats.GetSnapshot().MessagesPerSecond);
    }

    [Fact]
    public void Is_running_only_while_prices_flow_on_the_current_connection()
    {
        _stats.LoopStarted();
        Connect();
        Assert.False(_stats.GetSnapshot().IsRunning);

        Message();
        Assert.True(_stats.GetSnapshot().IsRunning);

        _time.Advance(TimeSpan.FromMilliseconds(4_999));
        Assert.True(_stats.GetSnapshot().IsRunning);

        // Stalled: connected, but nothing for the no-data timeout.
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var stalled = _stats.GetSnapshot();
        Assert.False(stalled.IsRunning);
        Assert.True(stalled.Connected);
        Assert.Equal(5.0, stalled.LastMessageAge);

        // A fresh connection with no message yet is not running, even right after old data.
        Message();
        Disconnect();
        Connect();
        Assert.False(_stats.GetSnapshot().IsRunning);

        Message();
        Assert.True(_stats.GetSnapshot().IsRunning);

        _stats.LoopStopped();
        var stopped = _stats.GetSnapshot();
        Assert.False(stopped.IsRunning);
        Assert.Equal(FeedConnectionState.Stopped, stopped.State);
    }

    [Fact]
    public void States_follow_the_connection_lifecycle()
    {
        _stats.LoopStarted();
        _stats.Connecting();
        Assert.Equal(FeedConnectionState.Connecting, _stats.State);

        Connect();
        Assert.Equal(FeedConnectionState.Connected, _stats.State);

        Message();
        Assert.Equal(FeedConnectionState.Receiving, _stats.State);

        Disconnect();
        _stats.Reconnecting(TimeSpan.FromMilliseconds(140), attempt: 1);
        var snapshot = _stats.GetSnapshot();
        Assert.Equal(FeedConnectionState.Reconnecting, snapshot.State);
        Assert.Equal(140, snapshot.NextReconnectDelayMs);
        Assert.Equal(1, snapshot.ReconnectAttempt);

        Connect();
        Assert.Null(_stats.GetSnapshot().NextReconnectDelayMs);
        Assert.Equal(FeedConnectionState.Connected, _stats.State);
    }

    [Fact]
    public void Uptime_is_of_the_current_connection_and_total_connected_time_adds_up()
    {
        Connect();
        _time.Advance(TimeSpan.FromSeconds(30));
        Disconnect("closed by server (1001 EndpointUnavailable)");
        _time.Advance(TimeSpan.FromSeconds(10));
        Connect();
        _time.Advance(TimeSpan.FromMilliseconds(2_500));

        var snapshot = _stats.GetSnapshot();

        Assert.Equal(2.5, snapshot.UptimeSeconds);
        Assert.Equal(32.5, snapshot.TotalConnectedSeconds);
        Assert.Equal(Start.AddSeconds(40), snapshot.ConnectedSince);
        Assert.Equal("closed by server (1001 EndpointUnavailable)", snapshot.LastDisconnectReason);
        Assert.Equal(Start.AddSeconds(30), snapshot.LastDisconnectAt);
    }

    [Fact]
    public void Last_message_time_and_age_come_from_the_time_provider()
    {
        Connect();
        Message();
        _time.Advance(TimeSpan.FromMilliseconds(1_500));

        var snapshot = _stats.GetSnapshot();

        Assert.Equal(Start, snapshot.LastMessageAt);
        Assert.Equal(1.5, snapshot.LastMessageAge);
    }

    [Fact]
    public void The_snapshot_serialises_with_the_operators_snake_case_names()
    {
        _stats.LoopStarted();
        Connect();
        Message();

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(_stats.GetSnapshot()));
        var root = json.RootElement;

        Assert.True(root.GetProperty("is_running").GetBoolean());
        Assert.Equal("receiving", root.GetProperty("state").GetString());
        Assert.Equal(100, root.GetProperty("success_rate").GetDouble());
        Assert.Equal(0, root.GetProperty("parse_error_rate").GetDouble());
        Assert.Equal(0, root.GetProperty("last_message_age").GetDouble());
        Assert.Equal(1, root.GetProperty("connection_attempts").GetInt64());
        Assert.Equal(0, root.GetProperty("connection_failures").GetInt64());
        Assert.Equal(0, root.GetProperty("parse_errors_by_category").GetProperty("malformed_json").GetInt64());
        Assert.Equal("ws://hub/ws?token=***", root.GetProperty("url").GetString());
    }

    private void Connect() => _stats.Connected(_time.GetTimestamp(), _time.GetUtcNow());

    private void Disconnect(string reason = "closed by server") =>
        _stats.Disconnected(reason, failed: false, _time.GetTimestamp(), _time.GetUtcNow());

    private void Message(int updates = 1)
    {
        _stats.MessageReceived(100, _time.GetTimestamp(), _time.GetUtcNow());
        _stats.UpdatesDecoded(updates, _time.GetTimestamp());
    }
}
