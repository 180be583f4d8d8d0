using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

using Tickwatch.Testing;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>The log lines operators grep for (production-debugging-guide.md), checked verbatim.</summary>
public sealed class FeedListenerLoggingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private TestFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await TestFeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Connecting_logs_the_feed_and_session()
    {
        await using var harness = await new ListenerHarness(_server.Url).StartAsync();
        await _server.WaitForConnectionAsync(1);

        await Eventually.UntilAsync(() => harness.Log.Messages.Contains("🔗 Connected to feed t1 (session 1)"));
    }

    [Fact]
    public async Task Connection_stable_is_logged_every_interval_while_messages_flow()
    {
        await using var harness = await new ListenerHarness(_server.Url, Quiet(o => o.StableLogInterval = TimeSpan.FromSeconds(2)), _time).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        for (var i = 0; i < 3; i++)
        {
            await connection.SendTextAsync("EURUSD:1.1:1.2");
        }

        await harness.MessagesReceived(3);
        Assert.DoesNotContain(harness.Log.Messages, m => m.StartsWith("📈", StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromSeconds(2));
        await connection.SendTextAsync("EURUSD:1.1:1.2");
        await harness.MessagesReceived(4);

        _time.Advance(TimeSpan.FromSeconds(2));
        await connection.SendTextAsync("EURUSD:1.1:1.2");
        await harness.MessagesReceived(5);

        Assert.Equal(
            ["📈 Received 4 messages, connection stable (feed t1, 2.0 msg/s)", "📈 Received 1 messages, connection stable (feed t1, 0.5 msg/s)"],
            harness.LogsWithId(1104).Select(e => e.Message));
        Assert.Matches("📈 Received.*messages, connection stable", harness.LogsWithId(1104).First().Message);
    }

    [Fact]
    public async Task A_closed_connection_is_logged_with_feed_reason_and_reconnect_delay()
    {
        _server.Greeting = ["EURUSD:1.1:1.2"];
        await using var harness = await new ListenerHarness(_server.Url).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);
        await harness.MessagesReceived(1);

        await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "hub restart");
        await Eventually.UntilAsync(() => harness.LogsWithId(1103).Any());

        Assert.Matches(
            new Regex(@"^🔌 WebSocket connection closed \(feed t1\): closed by server \(1000 NormalClosure: hub restart\); reconnecting in \d+ ms$"),
            harness.LogsWithId(1103).Single().Message);
    }

    [Fact]
    public async Task Processing_errors_are_logged_once_per_burst_and_the_burst_is_summed_up()
    {
        await using var harness = await new ListenerHarness(_server.Url, Quiet(), _time).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        await connection.SendTextAsync("bad 1");
        await connection.SendTextAsync("bad 2");
        await connection.SendTextAsync("bad 3");
        await harness.MessagesReceived(3);

        Assert.Equal(
            ["❌ Message processing error (feed t1): unexpected_shape: expected SYM:bid:ask"],
            harness.LogsWithId(1105).Select(e => e.Message));
        Assert.Equal(3, harness.Listener.GetSnapshot().ParseErrors);

        // The next error after the window opens a new burst, after a summary of the last one.
        _time.Advance(TimeSpan.FromSeconds(11));
        await connection.SendTextAsync("EURUSD:x:1.2");
        await harness.MessagesReceived(4);

        Assert.Equal(
            [
                "❌ Message processing error (feed t1): unexpected_shape: expected SYM:bid:ask",
                "❌ Message processing error burst ended (feed t1): 2 more errors counted but not logged within 10 s",
                "❌ Message processing error (feed t1): invalid_number: price is not a number",
            ],
            harness.Log.Messages.Where(m => m.StartsWith("❌", StringComparison.Ordinal)));

        // A burst that ends quietly is summed up by the next message, good or bad.
        await connection.SendTextAsync("bad 5");
        await harness.MessagesReceived(5);
        _time.Advance(TimeSpan.FromSeconds(11));
        await connection.SendTextAsync("EURUSD:1.1:1.2");
        await harness.MessagesReceived(6);

        Assert.Equal(
            "❌ Message processing error burst ended (feed t1): 1 more errors counted but not logged within 10 s",
            harness.LogsWithId(1106).Last().Message);
        Assert.Equal(5, harness.Listener.GetSnapshot().ParseErrors);
    }

    /// <summary>A no-data timeout far beyond the fake time these tests move, so only what they test happens.</summary>
    private static Action<Tickwatch.Feeds.Listening.FeedOptions> Quiet(Action<Tickwatch.Feeds.Listening.FeedOptions>? more = null) => o =>
    {
        o.NoDataTimeout = TimeSpan.FromHours(1);
        more?.Invoke(o);
    };
}
