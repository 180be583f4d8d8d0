using System.Net.WebSockets;
using System.Text.Json;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Simulators.Tests.Support;

namespace Tickwatch.Simulators.Tests;

/// <summary>The hub's Binance JSON and SBE feeds over real WebSockets: the venue's paths, one event per frame, control messages, the API key and the scheduled cut.</summary>
public sealed class QuoteHubBinanceFeedTests
{
    private const string ApiKey = "test-api-key";

    private static Task<RunningHub> StartAsync(Action<QuoteHubOptions>? configure = null) => RunningHub.StartAsync(o =>
    {
        o.ApiKey = ApiKey;
        o.Feeds.Add(new QuoteHubFeedOptions { Name = "json", Protocol = FeedProtocol.Json, Path = "/ws/json" });
        o.Feeds.Add(new QuoteHubFeedOptions { Name = "binance", Protocol = FeedProtocol.BinanceJson, Path = "/binance", TradeProbability = 0 });
        o.Feeds.Add(new QuoteHubFeedOptions { Name = "binance-sbe", Protocol = FeedProtocol.BinanceSbe, Path = "/binance-sbe", TradeProbability = 0 });
        configure?.Invoke(o);
    });

    private static Uri Address(RunningHub hub, string feed, string pathAndQuery) => new(hub.FeedAddress(feed) + pathAndQuery);

    private static async Task<FeedClient> ConnectAsync(RunningHub hub, string feed, string pathAndQuery, string? apiKey = null)
    {
        var before = hub.Connections(feed);
        var client = await FeedClient.ConnectAsync(Address(hub, feed, pathAndQuery), apiKey: apiKey);
        await Testing.Eventually.UntilAsync(() => hub.Connections(feed) > before, "the hub has registered the connection");
        return client;
    }

    private static PriceUpdate Quote(ReceivedFrame frame) => Assert.Single(FrameDecoder.DecodeBinance(frame).Updates.ToArray());

    [Fact]
    public async Task A_raw_stream_carries_its_symbols_bookTicker_only_one_symbol_per_frame_with_increasing_update_ids()
    {
        await using var hub = await StartAsync();
        await using var client = await ConnectAsync(hub, "binance", "/ws/eurusd@bookTicker");

        await hub.SetPriceAsync("USDJPY", 151.431m, 151.442m);
        await hub.SetPriceAsync("EURUSD", 1.08520m, 1.08531m);
        await hub.Engine.TickAllAsync();
        await hub.SetPriceAsync("EURUSD", null, 1.09000m);

        var first = await client.NextAsync();
        Assert.Equal(WebSocketMessageType.Text, first.Type);
        Assert.StartsWith("""{"u":1,"s":"EURUSD","b":"1.08520","B":""", first.Text, StringComparison.Ordinal);
        var ticked = Quote(await client.NextAsync());
        Assert.Equal(("EURUSD", 2L), (ticked.Symbol, ticked.SourceSequence!.Value));
        var partial = Quote(await client.NextAsync());

        // A one-sided price goes out as a full quote: the venue always sends both sides.
        var current = await hub.Engine.GetPriceAsync("EURUSD");
        Assert.Equal((current!.Bid, 1.09000m, 3L), (partial.Bid!.Value, partial.Ask!.Value, partial.SourceSequence!.Value));
        Assert.Equal(0, client.Pending);
    }

    [Fact]
    public async Task A_combined_stream_wraps_each_event_in_its_stream_under_the_venue_symbol_of_the_map()
    {
        await using var hub = await StartAsync(o => o.Feeds[1].Symbols["BTCUSDT"] = "BTCUSD");
        await using var client = await ConnectAsync(hub, "binance", "/stream?streams=btcusdt@bookTicker");

        await hub.SetPriceAsync("EURUSD", 1.08520m, 1.08531m);
        await hub.SetPriceAsync("BTCUSD", 67842.15m, 67854.65m);

        var frame = await client.NextAsync();
        using var document = JsonDocument.Parse(frame.Payload);
        Assert.Equal("btcusdt@bookTicker", document.RootElement.GetProperty("stream").GetString());
        var data = document.RootElement.GetProperty("data");
        Assert.Equal(("BTCUSDT", "67842.15", "67854.65"), (data.GetProperty("s").GetString(), data.GetProperty("b").GetString(), data.GetProperty("a").GetString()));
        Assert.Equal((67842.15m, 67854.65m), (Quote(frame).Bid!.Value, Quote(frame).Ask!.Value));
        Assert.Equal(0, client.Pending);
    }

    [Fact]
    public async Task Every_symbol_of_a_round_goes_in_a_frame_of_its_own()
    {
        await using var hub = await StartAsync(o => o.Symbols = ["EURUSD", "USDJPY", "XAUUSD"]);
        await using var client = await ConnectAsync(hub, "binance", "/stream?streams=eurusd@bookTicker/usdjpy@bookTicker/xauusd@bookTicker");

        await hub.Engine.TickAllAsync();
        await hub.Engine.TickAllAsync();

        var quotes = new List<PriceUpdate>();
        for (var i = 0; i < 6; i++)
        {
            quotes.Add(Quote(await client.NextAsync()));
        }

        Assert.Equal(["EURUSD", "USDJPY", "XAUUSD", "EURUSD", "USDJPY", "XAUUSD"], quotes.Select(q => q.Symbol));
        Assert.Equal([1L, 1, 1, 2, 2, 2], quotes.Select(q => q.SourceSequence!.Value));
        var last = await hub.Engine.GetPriceAsync("XAUUSD");
        Assert.Equal((last!.Bid, last.Ask), (quotes[^1].Bid, quotes[^1].Ask));
    }

    [Fact]
    public async Task Control_messages_get_the_venues_results_and_errors()
    {
        await using var hub = await StartAsync();
        await using var client = await ConnectAsync(hub, "binance", "/ws");

        await client.SendTextAsync("""{"method":"SUBSCRIBE","params":["eurusd@bookTicker","usdjpy@trade"],"id":1}""");
        Assert.Equal("""{"result":null,"id":1}""", (await client.NextAsync()).Text);
        await client.SendTextAsync("""{"method":"LIST_SUBSCRIPTIONS","id":"list7"}""");
        Assert.Equal("""{"result":["eurusd@bookTicker","usdjpy@trade"],"id":"list7"}""", (await client.NextAsync()).Text);
        await client.SendTextAsync("""{"method":"UNSUBSCRIBE","params":["usdjpy@trade"],"id":312}""");
        Assert.Equal("""{"result":null,"id":312}""", (await client.NextAsync()).Text);
        await client.SendTextAsync("""{"method":"GET_PROPERTY","params":["combined"],"id":2}""");
        Assert.Equal("""{"result":false,"id":2}""", (await client.NextAsync()).Text);
        await client.SendTextAsync("""{"method":"SET_PROPERTY","params":["combined",true],"id":5}""");
        Assert.Equal("""{"result":null,"id":5}""", (await client.NextAsync()).Text);

        await client.SendTextAsync("""{"method":"SUBSCRIBE","params":["nosuch@bookTicker"],"id":6}""");
        Assert.Equal("""{"code":2,"msg":"Invalid request: unknown stream 'nosuch@bookTicker'","id":6}""", (await client.NextAsync()).Text);
        await client.SendTextAsync("""{"method":"PING","id":8}""");
        Assert.Contains("\"code\":2", (await client.NextAsync()).Text, StringComparison.Ordinal);
        await client.SendTextAsync("""{"params":[],"id":9}""");
        Assert.Equal("""{"code":2,"msg":"Invalid request: missing field `method`","id":9}""", (await client.NextAsync()).Text);
        await client.SendTextAsync("""{"method":"SET_PROPERTY","params":["combined","yes"],"id":10}""");
        Assert.Equal("""{"code":1,"msg":"Invalid value type: expected Boolean","id":10}""", (await client.NextAsync()).Text);
        await client.SendTextAsync("not json");
        Assert.StartsWith("""{"code":3,"msg":"Invalid JSON""", (await client.NextAsync()).Text, StringComparison.Ordinal);

        // Subscribed after the fact, and combined by SET_PROPERTY: the next quote comes wrapped.
        await hub.SetPriceAsync("EURUSD", 1.08520m, 1.08531m);
        using var quote = JsonDocument.Parse((await client.NextAsync()).Payload);
        Assert.Equal("eurusd@bookTicker", quote.RootElement.GetProperty("stream").GetString());
    }

    [Fact]
    public async Task The_sbe_feed_asks_for_the_api_key_sends_binary_events_and_answers_control_in_text()
    {
        await using var hub = await StartAsync();
        Assert.Equal(401, await FeedClient.ConnectExpectingRefusalAsync(Address(hub, "binance-sbe", "/ws/eurusd@bestBidAsk")));
        Assert.Equal(401, await FeedClient.ConnectExpectingRefusalAsync(Address(hub, "binance-sbe", "/ws/eurusd@bestBidAsk"), apiKey: "wrong"));
        await using var client = await ConnectAsync(hub, "binance-sbe", "/stream?streams=eurusd@bestBidAsk", ApiKey);

        await hub.SetPriceAsync("EURUSD", 1.08520m, 1.08531m);
        await client.SendTextAsync("""{"method":"LIST_SUBSCRIPTIONS","id":3}""");

        var frame = await client.NextAsync();
        Assert.Equal(WebSocketMessageType.Binary, frame.Type);
        var quote = Quote(frame);
        Assert.Equal(("EURUSD", 1.08520m, 1.08531m, 1L), (quote.Symbol, quote.Bid!.Value, quote.Ask!.Value, quote.SourceSequence!.Value));
        var answer = await client.NextAsync();
        Assert.Equal((WebSocketMessageType.Text, """{"result":["eurusd@bestBidAsk"],"id":3}"""), (answer.Type, answer.Text));
    }

    [Fact]
    public async Task An_unknown_stream_is_refused_at_the_upgrade()
    {
        await using var hub = await StartAsync();

        Assert.Equal(400, await FeedClient.ConnectExpectingRefusalAsync(Address(hub, "binance", "/ws/nosuch@bookTicker")));
        Assert.Equal(400, await FeedClient.ConnectExpectingRefusalAsync(Address(hub, "binance", "/stream?streams=eurusd@depth")));
    }

    [Fact]
    public async Task Trades_go_to_trade_subscribers_at_a_price_within_the_quote()
    {
        await using var hub = await StartAsync(o => o.Feeds[2].TradeProbability = 1);
        await using var client = await ConnectAsync(hub, "binance-sbe", "/stream?streams=xauusd@bestBidAsk/xauusd@trade", ApiKey);

        await hub.SetPriceAsync("XAUUSD", 2400.15m, 2400.42m);

        Quote(await client.NextAsync());
        var trade = await client.NextAsync();
        var print = Assert.Single(FrameDecoder.DecodeBinance(trade).Trades.ToArray());
        Assert.Equal(("XAUUSD", 1L), (print.Symbol, print.TradeId));
        Assert.InRange(print.Price, 2400.15m, 2400.42m);
    }

    [Fact]
    public async Task ServerShutdown_goes_out_before_the_scheduled_cut()
    {
        await using var hub = await StartAsync(o =>
        {
            o.Feeds[1].ConnectionLifetime = TimeSpan.FromSeconds(1);
            o.Feeds[1].ShutdownNotice = TimeSpan.FromMilliseconds(300);
        });
        await using var raw = await ConnectAsync(hub, "binance", "/ws/eurusd@bookTicker");
        await using var combined = await ConnectAsync(hub, "binance", "/stream?streams=eurusd@bookTicker");

        var notice = await raw.NextAsync();
        Assert.StartsWith("""{"e":"serverShutdown","E":""", notice.Text, StringComparison.Ordinal);
        Assert.StartsWith("""{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":""", (await combined.NextAsync()).Text, StringComparison.Ordinal);
        await raw.WaitEndedAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, raw.CloseStatus);

        // Both cut (the combined stream has the same lifetime), so the reconnect below is the only connection counted:
        // a cut landing while it connects would otherwise hide it from the count it waits on.
        await combined.WaitEndedAsync();
        await Testing.Eventually.UntilAsync(() => hub.Connections("binance") == 0, "the hub has let go of both cut connections");

        // A client that reconnects is served again.
        await using var again = await ConnectAsync(hub, "binance", "/ws/eurusd@bookTicker");
        await hub.SetPriceAsync("EURUSD", 1.08520m, 1.08531m);
        Assert.Equal("EURUSD", Quote(await again.NextAsync()).Symbol);
    }

    [Fact]
    public async Task Garbage_and_truncation_on_the_sbe_feed_are_binary_and_cut_short()
    {
        await using var hub = await StartAsync();
        await using var client = await ConnectAsync(hub, "binance-sbe", "/ws/eurusd@bestBidAsk", ApiKey);
        await hub.InjectAsync(new { kind = "truncate", feed = "binance-sbe", count = 1 });

        await hub.SetPriceAsync("EURUSD", 1.08520m, 1.08531m);

        var truncated = await client.NextAsync();
        Assert.Equal(WebSocketMessageType.Binary, truncated.Type);
        Assert.InRange(truncated.Payload.Length, 1, 58 + "EURUSD".Length);
        await hub.InjectAsync(new { kind = "garbage", feed = "binance-sbe", count = 1 });
        await hub.SetPriceAsync("EURUSD", 1.08522m, 1.08533m);
        Assert.Equal(WebSocketMessageType.Binary, (await client.NextAsync()).Type);
        await hub.SetPriceAsync("EURUSD", 1.08524m, 1.08535m);
        Assert.Equal(1.08524m, Quote(await client.NextAsync()).Bid);
    }
}
