using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.HostileFeeds;

namespace Tickwatch.Market.Tests.Feeds;

/// <summary>
/// A Binance JSON feed's trades through the real market service (Kestrel, port 0) from a loopback venue: the last trade in
/// <c>/api/debug/market-data</c>, the quote-vs-trade check counted there and on <c>/metrics</c>, and never a quote.
/// </summary>
public sealed class BinanceTradesTests : IAsyncLifetime
{
    // BTCUSD 67840 / 67844: the tolerance (0.5 %) ends at 67500.80 below and 68183.22 above.
    private static readonly string[] Frames =
    [
        """{"u":1,"s":"BTCUSDT","b":"67840.00","B":"1","a":"67844.00","A":"1"}""",
        """{"e":"trade","E":1770000000000,"s":"BTCUSDT","t":10,"p":"67842.00","q":"0.1","T":1770000000000,"m":true,"M":true}""",
        """{"stream":"btcusdt@trade","data":{"e":"trade","E":1770000000100,"s":"BTCUSDT","t":12,"p":"70000.00","q":"0.1","T":1770000000100,"m":false,"M":true}}""",
        """{"e":"trade","E":1770000000050,"s":"BTCUSDT","t":11,"p":"67000.00","q":"0.1","T":1770000000050,"m":true,"M":true}""",
    ];

    private WebApplication _venue = null!;
    private MarketHost _market = null!;

    public async Task InitializeAsync()
    {
        (_venue, var url) = await LoopbackWebSocketHost.StartAsync(ServeAsync);
        _market = await MarketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Feeds:0:Name"] = "binance",
            ["Feeds:0:Protocol"] = "BinanceJson",
            ["Feeds:0:Url"] = url.ToString(),
            ["Feeds:0:Symbols:BTCUSDT"] = "BTCUSD",
            // The test reads the book well after the quote came; it must still be fresh then.
            ["Prices:Overrides:BTCUSD:MaxQuoteAge"] = "00:10:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _market.DisposeAsync();
        await _venue.StopAsync();
        await _venue.DisposeAsync();
    }

    [Fact]
    public async Task The_last_trade_shows_per_symbol_beside_an_unchanged_quote_and_a_trade_outside_it_is_counted()
    {
        var report = await Eventually.ValueAsync(
            () => MarketDataAsync(),
            m => m["book_statistics"]!["trades_older"]!.GetValue<long>() == 1,
            "every trade reached the book");

        var btc = report["symbol_analysis"]!["BTCUSD"]!;
        Assert.Equal((67840m, 67844m, true, "binance"), (btc["bid"]!.GetValue<decimal>(), btc["ask"]!.GetValue<decimal>(), btc["is_fresh"]!.GetValue<bool>(), btc["feed"]!.GetValue<string>()));
        Assert.Equal(1, btc["updates_accepted"]!.GetValue<long>());
        var trade = btc["last_trade"]!;
        Assert.Equal((70000m, 12L, "binance", true, 0.005m), (
            trade["price"]!.GetValue<decimal>(),
            trade["trade_id"]!.GetValue<long>(),
            trade["feed"]!.GetValue<string>(),
            trade["outside_quote"]!.GetValue<bool>(),
            trade["tolerance"]!.GetValue<decimal>()));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1770000000100), trade["source_time"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1, btc["trades_outside_quote"]!["binance"]!.GetValue<long>());

        var consistency = report["price_consistency"]!;
        Assert.Equal(1, consistency["trades_outside_quote"]!.GetValue<long>());
        Assert.Equal(["BTCUSD"], consistency["symbols_with_trade_outside_quote"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal((2L, 1L, 0L), (
            report["book_statistics"]!["trades_accepted"]!.GetValue<long>(),
            report["book_statistics"]!["trades_older"]!.GetValue<long>(),
            report["book_statistics"]!["trades_refused"]!.GetValue<long>()));

        // The guide's jq paths read as before.
        Assert.NotNull(report["data_freshness"]!["freshness_rate"]);
        Assert.True(report["price_consistency"]!["consistent"]!.GetValue<bool>());

        var feed = JsonNode.Parse(await _market.Http.GetStringAsync(new Uri("/api/debug/websocket", UriKind.Relative)))!["feeds"]!["binance"]!["performance_metrics"]!;
        Assert.Equal((3L, 1L), (feed["trades_received"]!.GetValue<long>(), feed["updates_received"]!.GetValue<long>()));
        Assert.Equal(0, feed["control_frames"]!["server_shutdown"]!.GetValue<long>());

        var metrics = await _market.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Matches(@"tickwatch_feed_trade_outside_quote_total\{feed=""binance"",symbol=""BTCUSD""\} 1\n", metrics);
        Assert.Matches(@"tickwatch_feed_trades_total\{feed=""binance""\} 3\n", metrics);
        Assert.Matches(@"tickwatch_feed_control_frames_total\{feed=""binance"",kind=""server_shutdown""\} 0\n", metrics);
    }

    private async Task<JsonNode> MarketDataAsync() =>
        JsonNode.Parse(await _market.Http.GetStringAsync(new Uri("/api/debug/market-data", UriKind.Relative)))!;

    private static async Task ServeAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        foreach (var frame in Frames)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
        }

        // Then quiet, as a venue between changes, until the listener goes.
        var buffer = new byte[1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer, context.RequestAborted)).MessageType != WebSocketMessageType.Close)
            {
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The market service stopped without a close handshake.
        }
    }
}
