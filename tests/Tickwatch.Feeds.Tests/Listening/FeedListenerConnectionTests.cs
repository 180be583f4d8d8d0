using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Resilience;
using Tickwatch.Feeds.Listening;

using Tickwatch.Testing;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>Connecting, losing and replacing connections, against a real WebSocket server (or none).</summary>
public sealed class FeedListenerConnectionTests : IAsyncLifetime
{
    private const string Greeting = "EURUSD:1.1:1.2";
    private const string Token = "s3cr3t+/tok en";

    private TestFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await TestFeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task After_the_server_drops_the_connection_prices_flow_again_within_one_second()
    {
        _server.Greeting = [Greeting];
        await using var harness = await new ListenerHarness(_server.Url).StartAsync();
        var first = await _server.WaitForConnectionAsync(1);
        await harness.MessagesReceived(1);

        // Real clock and default backoff (100 ms → 30 s): the gap the operators would see.
        var dropped = Stopwatch.GetTimestamp();
        first.Abort();
        await Eventually.UntilAsync(() => harness.Sink.Timed.Any(t => t.Update.FeedSession == 2));

        var gap = Stopwatch.GetElapsedTime(dropped, harness.Sink.Timed.First(t => t.Update.FeedSession == 2).Timestamp);
        Assert.True(gap < TimeSpan.FromSeconds(1), $"prices resumed {gap.TotalMilliseconds:F0} ms after the drop");

        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(2, snapshot.Session);
        Assert.Equal(2, snapshot.SuccessfulConnections);
        Assert.Equal(1, snapshot.Disconnections);
        Assert.Equal(0, snapshot.ConnectionFailures);
        Assert.Equal(100, snapshot.SuccessRate);
        Assert.Equal(FeedErrorInfo.ConnectionLost, snapshot.LastError?.Category);
        Assert.NotNull(snapshot.LastDisconnectReason);
        var closed = Assert.Single(harness.LogsWithId(1103));
        Assert.InRange(Convert.ToInt64(closed.Value("DelayMs"), System.Globalization.CultureInfo.InvariantCulture), 0, 100);
    }

    [Fact]
    public async Task Every_connection_gets_the_next_session_number()
    {
        _server.Greeting = [Greeting];
        await using var harness = await new ListenerHarness(_server.Url, o => o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(10)).StartAsync();

        for (var number = 1; number <= 3; number++)
        {
            var connection = await _server.WaitForConnectionAsync(number);
            await harness.MessagesReceived(number);
            if (number < 3)
            {
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "hub restart");
            }
        }

        Assert.Equal([1L, 2L, 3L], harness.Sink.Updates.Select(u => u.FeedSession));

        // Each session is announced before its first price (the market service warms up from the store on it).
        Assert.Equal([(ListenerHarness.FeedName, 1L, 0), (ListenerHarness.FeedName, 2L, 1), (ListenerHarness.FeedName, 3L, 2)], harness.Sink.Sessions);
        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(3, snapshot.Session);
        Assert.Equal(2, snapshot.Disconnections);
        Assert.Equal("closed by server (1000 NormalClosure: hub restart)", snapshot.LastDisconnectReason);

        // A server's orderly close is not an error.
        Assert.Null(snapshot.LastError);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, _server.Connection(1).ClientCloseStatus);
    }

    [Fact]
    public async Task The_no_data_watchdog_replaces_a_stalled_connection()
    {
        var time = new FakeTimeProvider();
        _server.Greeting = [Greeting];
        await using var harness = await new ListenerHarness(_server.Url, o => o.ReconnectInitialDelay = TimeSpan.Zero, time).StartAsync();
        var stalled = await _server.WaitForConnectionAsync(1);
        await harness.MessagesReceived(1);

        // The server now sends nothing. Within the timeout the connection stands.
        time.Advance(TimeSpan.FromSeconds(4));
        var quiet = harness.Listener.GetSnapshot();
        Assert.True(quiet.IsRunning);
        Assert.Equal(4.0, quiet.LastMessageAge);
        Assert.Equal(1, quiet.Session);

        time.Advance(TimeSpan.FromSeconds(2));

        await stalled.Ended.WaitAsync(Eventually.DefaultTimeout);
        await Eventually.UntilAsync(() => harness.Statistics.Session == 2 && harness.Statistics.MessagesReceived == 2);
        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(1, snapshot.Disconnections);
        Assert.Equal("no data for 5.0 s", snapshot.LastDisconnectReason);
        Assert.Equal(new FeedErrorInfo(FeedErrorInfo.ConnectionLost, "no data for 5.0 s", time.GetUtcNow()), snapshot.LastError);
        Assert.True(snapshot.IsRunning);
        Assert.Contains("🔌 WebSocket connection closed (feed t1): no data for 5.0 s; reconnecting in 0 ms", harness.Log.Messages);
    }

    [Fact]
    public async Task A_feed_that_sends_only_garbage_is_replaced_by_the_watchdog_with_the_cause()
    {
        var time = new FakeTimeProvider();
        _server.Greeting = [Greeting];
        await using var harness = await new ListenerHarness(_server.Url, o => (o.ReconnectInitialDelay, o.MaxFrameBytes) = (TimeSpan.Zero, 1024), time).StartAsync();
        var garbage = await _server.WaitForConnectionAsync(1);
        await harness.MessagesReceived(1);

        // Frames keep coming, but none carries a price: undecodable, ignored and oversized ones.
        for (var second = 1; second <= 4; second++)
        {
            await garbage.SendTextAsync("not a price");
            await garbage.SendTextAsync("IGNORE");
            await garbage.SendTextAsync(new string('X', harness.Options.MaxFrameBytes + 1));
            await harness.MessagesReceived(1 + (3 * second));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(harness.Listener.GetSnapshot().IsRunning);
        await garbage.SendTextAsync("not a price");
        await harness.MessagesReceived(14);
        time.Advance(TimeSpan.FromSeconds(1));

        await garbage.Ended.WaitAsync(Eventually.DefaultTimeout);
        await Eventually.UntilAsync(() => harness.Statistics.Session == 2 && harness.Statistics.MessagesReceived == 15);
        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal("no prices for 5.0 s: 13 frames refused", snapshot.LastDisconnectReason);
        Assert.Equal(FeedErrorInfo.ConnectionLost, snapshot.LastError!.Category);
        Assert.Contains("🔌 WebSocket connection closed (feed t1): no prices for 5.0 s: 13 frames refused; reconnecting in 0 ms", harness.Log.Messages);
    }

    [Fact]
    public async Task With_no_server_failures_are_counted_and_retries_back_off_with_growing_bounds()
    {
        var url = new Uri($"ws://127.0.0.1:{ClosedPort()}/feed");
        var initial = TimeSpan.FromMilliseconds(10);
        var max = TimeSpan.FromMilliseconds(80);
        await using var harness = await new ListenerHarness(
            url,
            o =>
            {
                o.Token = Token;
                o.ReconnectInitialDelay = initial;
                o.ReconnectMaxDelay = max;
            },
            random: new Random(1234)).StartAsync();

        await Eventually.UntilAsync(() => harness.Statistics.GetSnapshot().ConnectionFailures >= 7);
        await harness.StopAsync();

        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(snapshot.ConnectionFailures, snapshot.ConnectionAttempts);
        Assert.Equal(0, snapshot.SuccessfulConnections);
        Assert.Equal(0, snapshot.SuccessRate);
        Assert.Equal(0, snapshot.Session);
        Assert.False(snapshot.IsRunning);
        Assert.False(snapshot.Connected);
        Assert.Equal(FeedErrorInfo.ConnectFailed, snapshot.LastError?.Category);

        // The delays are exactly those of a backoff with the same seed: bounds 10, 20, 40, 80, 80… ms.
        // A failure in the instant the host stops is counted but not logged (no retry follows).
        var logged = harness.LogsWithId(1102).ToList();
        Assert.InRange(logged.Count, snapshot.ConnectionFailures - 1, snapshot.ConnectionFailures);
        var expected = new ReconnectBackoff(initial, max, new Random(1234));
        for (var i = 0; i < logged.Count; i++)
        {
            var bound = expected.CurrentBound;
            var delay = (long)expected.NextDelay().TotalMilliseconds;
            Assert.Equal(delay, Convert.ToInt64(logged[i].Value("DelayMs"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(i + 1, logged[i].Value("Attempt"));
            Assert.InRange(delay, 0, (long)bound.TotalMilliseconds);
            Assert.StartsWith($"🔌 WebSocket connection failed (feed t1, {url.AbsoluteUri}?token=***): ", logged[i].Message, StringComparison.Ordinal);
        }

        Assert.True(logged.Count >= 6);
        Assert.Equal(max, expected.BoundFor(logged.Count - 1));
        AssertNoSecret(harness);
    }

    [Fact]
    public async Task Connections_without_data_keep_backing_off_and_one_with_data_resets_the_backoff()
    {
        var time = new FakeTimeProvider();
        _server.CloseAfterGreeting = true;
        await using var harness = await new ListenerHarness(_server.Url, o => o.ConnectTimeout = TimeSpan.Zero, time, random: new Random(5)).StartAsync();

        await AdvanceUntil(time, () => harness.Statistics.GetSnapshot() is { Disconnections: >= 4, State: FeedConnectionState.Reconnecting });
        var empty = harness.Listener.GetSnapshot();
        Assert.Equal(empty.Disconnections, empty.ReconnectAttempt);
        Assert.Equal(0, empty.ConnectionFailures);

        _server.Greeting = [Greeting];
        await AdvanceUntil(time, () => harness.Statistics.GetSnapshot() is { MessagesReceived: >= 1, State: FeedConnectionState.Reconnecting });
        var withData = harness.Listener.GetSnapshot();
        Assert.Equal(1, withData.ReconnectAttempt);
        Assert.InRange(withData.NextReconnectDelayMs!.Value, 0, 100);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_refusals_and_a_60_s_stall_prices_flow_within_one_second_of_the_feed_recovering(bool recoverWhileWaitingToReconnect)
    {
        var time = new FakeTimeProvider();
        _server.RejectWithStatus = 503;
        await using var harness = await new ListenerHarness(_server.Url, o => o.ConnectTimeout = TimeSpan.Zero, time, random: new ConstantRandom(0.5)).StartAsync();

        // Refused handshakes come back at once: their backoff grows as ever (bounds 100, 200, 400, 800, 1600 ms).
        await DriveUntil(time, harness, () => harness.Statistics.GetSnapshot() is { ConnectionFailures: 5, State: FeedConnectionState.Reconnecting });
        var refused = harness.Listener.GetSnapshot();
        Assert.Equal(5, refused.ReconnectAttempt);
        Assert.Equal(800.0, refused.NextReconnectDelayMs);

        // The hub now accepts but sends nothing for 60 s: the watchdog replaces each silent connection after 5 s.
        _server.RejectWithStatus = null;
        _server.Greeting = [];
        await DriveUntil(time, harness, () => _server.ConnectionCount >= 1);
        var stallStarted = time.GetUtcNow();
        await DriveUntil(time, harness, () => time.GetUtcNow() - stallStarted >= TimeSpan.FromSeconds(60));
        await DriveUntil(time, harness, () => recoverWhileWaitingToReconnect
            ? harness.Statistics.State == FeedConnectionState.Reconnecting
            : harness.Statistics.State == FeedConnectionState.Connected && _server.ConnectionCount == harness.Statistics.Session && _server.Connection((int)harness.Statistics.Session).Greeted);

        var stalled = harness.Listener.GetSnapshot();
        Assert.Equal(0, stalled.MessagesReceived);
        Assert.Equal(5, stalled.ConnectionFailures);
        Assert.InRange(stalled.Disconnections, 11, 13);
        Assert.Equal("no data for 5.0 s", stalled.LastDisconnectReason);
        Assert.Equal(FeedErrorInfo.ConnectionLost, stalled.LastError?.Category);
        Assert.Equal(1, stalled.ReconnectAttempt);
        Assert.All(harness.LogsWithId(1103), l => Assert.Equal("no data for 5.0 s", l.Value("Reason")));

        // The hub recovers: it resumes on the open socket, if any, and greets every new connection.
        var recovered = time.GetUtcNow();
        await _server.ResumeAsync([Greeting]);
        await DriveUntil(time, harness, () => harness.Sink.Count >= 1, step: TimeSpan.FromMilliseconds(10));

        var gap = harness.Sink.Updates[0].ReceivedAt - recovered;
        Assert.True(gap < TimeSpan.FromSeconds(1), $"prices resumed {gap.TotalMilliseconds:F0} ms after the feed recovered");
        Assert.True(harness.Listener.GetSnapshot().IsRunning);
    }

    [Fact]
    public async Task A_listener_driven_past_ten_consecutive_failed_connections_connects_again()
    {
        // The reference's listener gave up for good after 10 failures; this one backs off to its cap and keeps trying.
        var time = new FakeTimeProvider();
        _server.RejectWithStatus = 503;
        _server.Greeting = [Greeting];
        var max = TimeSpan.FromSeconds(5);
        await using var harness = await new ListenerHarness(
            _server.Url, o => (o.ConnectTimeout, o.ReconnectMaxDelay) = (TimeSpan.Zero, max), time, random: new ConstantRandom(0.5)).StartAsync();

        await DriveUntil(time, harness, () => harness.Statistics.GetSnapshot() is { ConnectionFailures: >= 15, State: FeedConnectionState.Reconnecting }, step: TimeSpan.FromSeconds(1));
        var refused = harness.Listener.GetSnapshot();
        Assert.Equal(0, refused.SuccessfulConnections);
        Assert.Equal(refused.ConnectionFailures, refused.ReconnectAttempt);
        Assert.Equal(max.TotalMilliseconds / 2, refused.NextReconnectDelayMs);
        Assert.Equal(0, _server.ConnectionCount);

        _server.RejectWithStatus = null;
        await DriveUntil(time, harness, () => harness.Sink.Count >= 1, step: TimeSpan.FromSeconds(1));

        var recovered = harness.Listener.GetSnapshot();
        Assert.True(recovered.IsRunning);
        Assert.Equal(1, recovered.SuccessfulConnections);
        Assert.Equal(1, recovered.Session);
        Assert.Equal(refused.ConnectionFailures, recovered.ConnectionFailures);
        Assert.Equal("EURUSD", harness.Sink.Updates[0].Symbol);
    }

    [Fact]
    public async Task The_token_goes_to_the_server_but_never_into_statistics_or_logs()
    {
        _server.Greeting = [Greeting];
        await using var harness = await new ListenerHarness(_server.Url, o => o.Token = Token).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);
        await harness.MessagesReceived(1);

        Assert.Equal(Token, connection.Token);
        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(_server.Url.AbsoluteUri + "?token=***", snapshot.Url);
        Assert.DoesNotContain("s3cr3t", JsonSerializer.Serialize(snapshot), StringComparison.Ordinal);

        connection.Abort();
        await Eventually.UntilAsync(() => harness.Statistics.Session == 2);
        await harness.StopAsync();

        AssertNoSecret(harness);
    }

    [Fact]
    public async Task A_rejected_handshake_counts_as_a_failed_connection_and_is_retried()
    {
        _server.RejectWithStatus = 401;
        _server.Greeting = [Greeting];
        await using var harness = await new ListenerHarness(
            _server.Url,
            o =>
            {
                o.Token = Token;
                o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(10);
                o.ReconnectMaxDelay = TimeSpan.FromMilliseconds(20);
            }).StartAsync();

        await Eventually.UntilAsync(() => harness.Statistics.GetSnapshot().ConnectionFailures >= 3);
        Assert.Contains("401", harness.Listener.GetSnapshot().LastError?.Detail, StringComparison.Ordinal);

        _server.RejectWithStatus = null;
        await harness.MessagesReceived(1);

        var snapshot = harness.Listener.GetSnapshot();
        Assert.True(snapshot.IsRunning);
        Assert.Equal(1, snapshot.SuccessfulConnections);
        Assert.InRange(snapshot.SuccessRate, 0.01, 25);
        AssertNoSecret(harness);
    }

    [Fact]
    public async Task Stopping_closes_the_socket_gracefully_and_promptly()
    {
        _server.Greeting = [Greeting];
        var harness = await new ListenerHarness(_server.Url).StartAsync();
        await using (harness)
        {
            var connection = await _server.WaitForConnectionAsync(1);
            await harness.MessagesReceived(1);

            var stopping = Stopwatch.StartNew();
            await harness.StopAsync();

            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {stopping.ElapsedMilliseconds} ms");
            await connection.Ended.WaitAsync(Eventually.DefaultTimeout);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, connection.ClientCloseStatus);
            Assert.Equal("listener stopping", connection.ClientCloseDescription);

            var snapshot = harness.Listener.GetSnapshot();
            Assert.Equal(FeedConnectionState.Stopped, snapshot.State);
            Assert.False(snapshot.IsRunning);
            Assert.False(snapshot.Connected);
            Assert.Equal("listener stopping", snapshot.LastDisconnectReason);
            Assert.Null(snapshot.LastError);
            Assert.Contains("Feed listener t1 stopped after 1 sessions", harness.Log.Messages);
        }
    }

    [Fact]
    public async Task Stopping_during_a_long_backoff_does_not_wait_it_out()
    {
        var url = new Uri($"ws://127.0.0.1:{ClosedPort()}/feed");
        await using var harness = await new ListenerHarness(
            url,
            o =>
            {
                o.ReconnectInitialDelay = TimeSpan.FromMinutes(10);
                o.ReconnectMaxDelay = TimeSpan.FromMinutes(10);
            },
            random: new ConstantRandom(0.99)).StartAsync();
        await Eventually.UntilAsync(() => harness.Statistics.State == FeedConnectionState.Reconnecting);

        var stopping = Stopwatch.StartNew();
        await harness.StopAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {stopping.ElapsedMilliseconds} ms");
        Assert.Equal(FeedConnectionState.Stopped, harness.Statistics.State);
    }

    private static void AssertNoSecret(ListenerHarness harness)
    {
        Assert.NotEmpty(harness.Log.Entries);
        foreach (var entry in harness.Log.Entries)
        {
            Assert.DoesNotContain("s3cr3t", entry.Message, StringComparison.Ordinal);
            Assert.All(entry.Values, v => Assert.DoesNotContain("s3cr3t", Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal));
            Assert.DoesNotContain("s3cr3t", entry.Exception?.ToString() ?? "", StringComparison.Ordinal);
        }

        Assert.DoesNotContain("s3cr3t", JsonSerializer.Serialize(harness.Listener.GetSnapshot()), StringComparison.Ordinal);
    }

    /// <summary>A loopback port with nothing listening: connections to it are refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Moves fake time on in small steps until the condition holds (the listener waits on fake-time delays).</summary>
    private static Task AdvanceUntil(FakeTimeProvider time, Func<bool> condition) =>
        Eventually.UntilAsync(() =>
        {
            if (condition())
            {
                return true;
            }

            time.Advance(TimeSpan.FromMilliseconds(20));
            return false;
        });

    /// <summary>
    /// Moves fake time on while the listener waits on it (reconnect delay, watchdog), never while it connects (real I/O),
    /// until the condition holds: so each silent connection lives its full watchdog window of fake time.
    /// </summary>
    private static Task DriveUntil(FakeTimeProvider time, ListenerHarness harness, Func<bool> condition, TimeSpan? step = null) =>
        Eventually.UntilAsync(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                if (harness.Statistics.State != FeedConnectionState.Connecting)
                {
                    time.Advance(step ?? TimeSpan.FromMilliseconds(100));
                }

                return false;
            },
            timeout: TimeSpan.FromSeconds(60));

    private sealed class ConstantRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
