using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>Frames from a real WebSocket server through the listener to the sink: decoding, counting, surviving bad input.</summary>
public sealed class FeedListenerDeliveryTests : IAsyncLifetime
{
    private TestFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await TestFeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Frames_reach_the_sink_with_the_feed_name_session_and_received_time()
    {
        var now = new DateTimeOffset(2025, 6, 2, 8, 30, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        await using var harness = await new ListenerHarness(_server.Url, timeProvider: time).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        await connection.SendTextAsync("EURUSD:1.0850:1.0852\nGBPUSD::1.2702");
        await harness.MessagesReceived(1);

        var updates = harness.Sink.Updates;
        Assert.Equal("EURUSD", updates[0].Symbol);
        Assert.Equal(1.0850m, updates[0].Bid);
        Assert.Equal(1.0852m, updates[0].Ask);
        Assert.Null(updates[1].Bid);
        Assert.Equal(1.2702m, updates[1].Ask);
        Assert.All(updates, u =>
        {
            Assert.Equal(ListenerHarness.FeedName, u.Feed);
            Assert.Equal(1, u.FeedSession);
            Assert.Equal(now, u.ReceivedAt);
        });

        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(1, snapshot.MessagesReceived);
        Assert.Equal(2, snapshot.UpdatesReceived);
        Assert.Equal(35, snapshot.BytesReceived);
        Assert.Equal(FeedConnectionState.Receiving, snapshot.State);
        Assert.True(snapshot.IsRunning);
        Assert.Equal(now, snapshot.LastMessageAt);

        // The rate comes from the time provider too.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1.0, harness.Listener.GetSnapshot().MessagesPerSecond);
        Assert.Equal(2.0, harness.Listener.GetSnapshot().UpdatesPerSecond);
    }

    [Fact]
    public async Task Fragmented_messages_are_assembled_before_decoding()
    {
        await using var harness = await new ListenerHarness(_server.Url).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        await connection.SendFragmentsAsync(WebSocketMessageType.Text, "EUR", "USD:1.08", "50:1.0852");
        await harness.MessagesReceived(1);

        var update = Assert.Single(harness.Sink.Updates);
        Assert.Equal("EURUSD", update.Symbol);
        Assert.Equal(1.0850m, update.Bid);
    }

    [Fact]
    public async Task Garbage_is_counted_by_category_while_good_frames_keep_flowing()
    {
        await using var harness = await new ListenerHarness(_server.Url).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        await connection.SendTextAsync("EURUSD:1.1:1.2");
        await connection.SendTextAsync("{not a line}");
        await connection.SendTextAsync("EURUSD:abc:1.2");
        await connection.SendTextAsync("");
        await connection.SendTextAsync("GBPUSD:1.3:1.4\neurusd:1:2");
        await connection.SendTextAsync("IGNORE");
        await connection.SendBinaryAsync([1, 2, 3]);
        await connection.SendTextAsync("USDJPY:150.1:150.2");
        await harness.MessagesReceived(8);

        Assert.Equal(["EURUSD", "GBPUSD", "USDJPY"], harness.Sink.Updates.Select(u => u.Symbol));
        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(8, snapshot.MessagesReceived);
        Assert.Equal(3, snapshot.UpdatesReceived);
        Assert.Equal(2, snapshot.FramesIgnored);
        Assert.Equal(3, snapshot.MessagesFailed);
        Assert.Equal(4, snapshot.ParseErrors);
        Assert.Equal(1, snapshot.ParseErrorsByCategory["unexpected_shape"]);
        Assert.Equal(1, snapshot.ParseErrorsByCategory["invalid_number"]);
        Assert.Equal(1, snapshot.ParseErrorsByCategory["empty_frame"]);
        Assert.Equal(1, snapshot.ParseErrorsByCategory["unknown_symbol"]);
        Assert.Equal(37.5, snapshot.ParseErrorRate);
        Assert.Equal("unknown_symbol", snapshot.LastError?.Category);

        // Still the first connection: bad input never costs the feed its connection.
        Assert.Equal(1, snapshot.Session);
        Assert.Equal(0, snapshot.Disconnections);
        Assert.True(snapshot.IsRunning);
        Assert.Contains(FrameKind.Binary, ((LineTestCodec)harness.Codec).Kinds);
    }

    [Fact]
    public async Task Oversized_messages_are_read_to_their_end_counted_and_skipped()
    {
        await using var harness = await new ListenerHarness(_server.Url, o => o.MaxFrameBytes = 1024).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);
        var atLimit = string.Join('\n', Enumerable.Repeat("GBPUSD:1.3:1.4", 67)) + "\nEURUSD:1.1:1.200000";
        Assert.Equal(1024, atLimit.Length);

        await connection.SendTextAsync(new string('x', 5_000));
        await connection.SendFragmentsAsync(WebSocketMessageType.Text, new string('y', 700), new string('y', 700), "z");
        await connection.SendTextAsync(atLimit);
        await connection.SendTextAsync("USDJPY:150.1:150.2");
        await harness.MessagesReceived(4);

        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(2, snapshot.ParseErrorsByCategory["oversized_frame"]);
        Assert.Equal(2, snapshot.MessagesFailed);
        Assert.Equal(5_000 + 1_401 + 1_024 + 18, snapshot.BytesReceived);
        Assert.Contains(
            "❌ Message processing error (feed t1): oversized_frame: message of 5000 bytes exceeds the limit of 1024 bytes; skipped",
            harness.Log.Messages);
        Assert.Equal(68 + 1, harness.Sink.Count);
        Assert.Equal("USDJPY", harness.Sink.Updates[^1].Symbol);
        Assert.Equal(1, snapshot.Session);
    }

    [Fact]
    public async Task A_throwing_sink_is_counted_and_logged_and_the_loop_goes_on()
    {
        await using var harness = new ListenerHarness(_server.Url);
        harness.Sink.ThrowOnCall = call => call <= 2;
        await harness.StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        await connection.SendTextAsync("EURUSD:1.1:1.2");
        await connection.SendTextAsync("GBPUSD:1.3:1.4");
        await connection.SendTextAsync("USDJPY:150.1:150.2");
        await harness.MessagesReceived(3);

        Assert.Equal("USDJPY", Assert.Single(harness.Sink.Updates).Symbol);
        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(2, snapshot.SinkExceptions);
        Assert.Equal(FeedErrorInfo.SinkException, snapshot.LastError?.Category);
        Assert.Equal(1, snapshot.Session);
        var logged = harness.LogsWithId(1105).First();
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.StartsWith("❌ Message processing error (feed t1): sink_exception: test sink refused call 1", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throwing_codec_loses_the_frame_not_the_feed()
    {
        await using var harness = await new ListenerHarness(_server.Url).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        await connection.SendTextAsync("THROW");
        await connection.SendTextAsync("EURUSD:1.1:1.2");
        await harness.MessagesReceived(2);

        Assert.Equal("EURUSD", Assert.Single(harness.Sink.Updates).Symbol);
        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal(1, snapshot.CodecExceptions);
        Assert.Equal(1, snapshot.MessagesFailed);
        Assert.Equal(50.0, snapshot.ParseErrorRate);
        Assert.Equal(1, snapshot.Session);
        Assert.Contains(harness.Log.Messages, m => m.StartsWith("❌ Message processing error (feed t1): codec_exception: test codec exploded", StringComparison.Ordinal));
    }
}
