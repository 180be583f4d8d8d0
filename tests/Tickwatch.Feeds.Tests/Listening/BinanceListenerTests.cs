using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using Tickwatch.Feeds.Listening;
using Tickwatch.Feeds.Tests.Codecs.Binance;
using Tickwatch.Testing;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>A Binance feed's listener against a real WebSocket server: the API-key header, and the venue's scheduled cuts as routine reconnections that lose no price.</summary>
public sealed class BinanceListenerTests : IAsyncLifetime
{
    private const string ApiKey = "Ed25519-test-key-9f3a";

    // A backoff this long would fail every test here: only a routine reconnection comes back within the deadline.
    private static readonly TimeSpan LongBackoff = TimeSpan.FromHours(1);

    private TestFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await TestFeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_sbe_feed_sends_its_api_key_on_the_upgrade_and_never_logs_it()
    {
        await using (var sbe = await new ListenerHarness(
            _server.Url,
            o => (o.Protocol, o.ApiKey) = (FeedProtocol.BinanceSbe, ApiKey),
            codec: new BinanceSbeCodec(BinanceTestData.Registry())).StartAsync())
        {
            var connection = await _server.WaitForConnectionAsync(1);

            Assert.Equal(ApiKey, connection.ApiKey);
            await connection.SendBinaryAsync(SbeFrames.BestBidAsk(1769224657584000, 85592068563, -8, -8, 8987978000000, 1, 8987979000000, 1, "BTCUSDT"));
            await sbe.MessagesReceived(1);
            Assert.Equal(89879.78m, Assert.Single(sbe.Sink.Updates).Bid);
            Assert.DoesNotContain(sbe.Log.Entries, e => e.Message.Contains(ApiKey, StringComparison.Ordinal));
            Assert.DoesNotContain(ApiKey, sbe.Listener.GetSnapshot().Url, StringComparison.Ordinal);
        }

        // The JSON streams need no key, and a feed without one sends no header.
        await using var json = await new ListenerHarness(_server.Url, o => o.Protocol = FeedProtocol.BinanceJson, codec: new BinanceJsonCodec(BinanceTestData.Registry())).StartAsync();
        Assert.Null((await _server.WaitForConnectionAsync(2)).ApiKey);
    }

    [Fact]
    public void An_sbe_feed_without_an_api_key_is_refused_when_built()
    {
        var error = Assert.Throws<ArgumentException>(() => new ListenerHarness(
            _server.Url, o => o.Protocol = FeedProtocol.BinanceSbe, codec: new BinanceSbeCodec(BinanceTestData.Registry())));

        Assert.Contains("requires an API key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerShutdown_closes_the_connection_and_reconnects_at_once_and_the_book_counts_its_sequences_on()
    {
        var (harness, first) = await ConnectedWithOnePriceAsync(updateId: 100);
        await using var _ = harness;

        await first.SendTextAsync("""{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}}""");
        var second = await _server.WaitForConnectionAsync(2);
        await first.Ended.WaitAsync(Eventually.DefaultTimeout);
        await second.SendTextAsync("""{"u":101,"s":"BTCUSDT","b":"1.51","B":"1","a":"1.61","A":"1"}""");
        await Eventually.UntilAsync(() => harness.Sink.Count == 2, "the second connection's price arrives");

        // The listener closed the announced connection itself, and said so as routine, not as a failure.
        Assert.Equal(WebSocketCloseStatus.NormalClosure, first.ClientCloseStatus);
        var routine = Assert.Single(harness.LogsWithId(1109));
        Assert.Equal(LogLevel.Information, routine.Level);
        Assert.Contains("serverShutdown", routine.Message, StringComparison.Ordinal);
        Assert.Empty(harness.LogsWithId(1103));
        var snapshot = harness.Listener.GetSnapshot();
        Assert.Equal((2L, 1L, 1L), (snapshot.Session, snapshot.Disconnections, snapshot.ControlFrames["server_shutdown"]));
        Assert.Null(snapshot.LastError);

        // The book takes both prices in order and numbers the new session's on from the old one's last sequence.
        var book = new PriceBook(BinanceTestData.Registry(), TimeProvider.System);
        var results = harness.Sink.Updates.Select(u => book.Apply(u)).ToList();
        Assert.All(results, r => Assert.Equal(PriceApplyOutcome.Accepted, r.Outcome));
        Assert.Equal([1L, 2L], harness.Sink.Updates.Select(u => u.FeedSession));
        Assert.Equal((2L, 201L), (results[1].Quote!.BookSequence, results[1].Quote!.Version.Sequence));
        Assert.Equal(1.51m, book.GetQuote("BTCUSDT")!.Bid);
        var late = harness.Sink.Updates[0] with { SourceSequence = 99, Bid = 1.4m };
        Assert.Equal(PriceApplyOutcome.OutOfOrder, book.Apply(late).Outcome);
    }

    [Fact]
    public async Task The_venues_normal_close_is_a_routine_reconnection_at_once()
    {
        var (harness, first) = await ConnectedWithOnePriceAsync(updateId: 7);
        await using var _ = harness;

        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "24h");
        await _server.WaitForConnectionAsync(2);

        var routine = Assert.Single(harness.LogsWithId(1109));
        Assert.Contains("closed by server (1000", routine.Message, StringComparison.Ordinal);
        Assert.Empty(harness.LogsWithId(1103));
    }

    [Fact]
    public async Task A_shutdown_announced_before_any_price_waits_out_the_backoff_so_a_bad_server_cannot_make_it_spin()
    {
        await using var harness = await BinanceJsonHarness().StartAsync();
        var first = await _server.WaitForConnectionAsync(1);

        await first.SendTextAsync("""{"e":"serverShutdown","E":1770123456789}""");

        await Eventually.UntilAsync(() => harness.LogsWithId(1103).Any(), "the connection end is logged with its backoff");
        Assert.Empty(harness.LogsWithId(1109));
        Assert.Equal(FeedConnectionState.Reconnecting, harness.Listener.GetSnapshot().State);
        Assert.Equal(1, _server.ConnectionCount);
    }

    /// <summary>A started Binance JSON listener whose first connection has delivered one BTCUSDT price (1.50/1.60) with update id <paramref name="updateId"/>.</summary>
    private async Task<(ListenerHarness Harness, TestFeedConnection First)> ConnectedWithOnePriceAsync(long updateId)
    {
        var harness = await BinanceJsonHarness().StartAsync();
        var first = await _server.WaitForConnectionAsync(1);
        await first.SendTextAsync($$"""{"u":{{updateId}},"s":"BTCUSDT","b":"1.50","B":"1","a":"1.60","A":"1"}""");
        await harness.MessagesReceived(1);
        return (harness, first);
    }

    private ListenerHarness BinanceJsonHarness() => new(
        _server.Url,
        o =>
        {
            o.Protocol = FeedProtocol.BinanceJson;
            o.ReconnectInitialDelay = LongBackoff;
            o.ReconnectMaxDelay = LongBackoff;
        },
        codec: new BinanceJsonCodec(BinanceTestData.Registry()),
        random: new Random(7));
}
