using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Storage.Prices;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>The live price stream over real WebSockets: subscribe, latest prices in order, stale announcements, bad input.</summary>
public sealed class StreamTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_subscriber_receives_every_symbols_latest_price_in_order_after_a_burst(bool inlineSocketScheduling)
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:InlineSocketScheduling"] = inlineSocketScheduling ? "true" : "false" },
            shared: prices.Services);
        Assert.Equal(inlineSocketScheduling, gateway.App.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
        await using var client = await gateway.ConnectStreamAsync();
        var symbols = SharedPrices.FirstSymbols(20);
        await client.SubscribeAsync(symbols);
        var subscribed = await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        Assert.Equal(symbols, subscribed["symbols"]!.AsArray().Select(s => s!.GetValue<string>()));

        // 200 updates per symbol, interleaved, written and announced as the market service's store writer does.
        const int Updates = 200;
        var last = new Dictionary<string, StoredPrice>();
        var start = TimeProvider.System.GetUtcNow();
        for (var n = 1; n <= Updates; n++)
        {
            var batch = symbols.Select((s, i) => MarketPriceWriter.Price(s, n, 1.1000m + (n * 0.0001m) + i, 1.1002m + (n * 0.0001m) + i, start.AddTicks(n))).ToArray();
            foreach (var written in await prices.Writer.WriteAsync(batch))
            {
                last[written.Symbol] = written;
            }
        }

        var received = new Dictionary<string, List<JsonObject>>();
        await client.ReceiveUntilAsync(
            _ => symbols.All(s => received.TryGetValue(s, out var got) && got[^1]["sequence"]!.GetValue<long>() == Updates),
            "every symbol's last price",
            m =>
            {
                if (m["type"]!.GetValue<string>() == "price")
                {
                    var symbol = m["symbol"]!.GetValue<string>();
                    (received.TryGetValue(symbol, out var list) ? list : received[symbol] = []).Add(m);
                }
            });

        foreach (var symbol in symbols)
        {
            var sequences = received[symbol].Select(m => m["sequence"]!.GetValue<long>()).ToList();
            Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.First < p.Second), $"{symbol} went backwards or repeated: {string.Join(",", sequences)}");
            var final = received[symbol][^1];
            Assert.Equal(last[symbol].Bid, final["bid"]!.GetValue<decimal>());
            Assert.Equal(last[symbol].Ask, final["ask"]!.GetValue<decimal>());
            Assert.Equal("fresh", final["freshness"]!.GetValue<string>());
            Assert.True(final["age_ms"]!.GetValue<double>() >= 0);
        }
    }

    [Fact]
    public async Task A_new_subscriber_gets_the_latest_price_at_once_and_nothing_after_unsubscribing()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 5, 1.0850m, 1.0851m, TimeProvider.System.GetUtcNow()));
        await using var client = await gateway.ConnectStreamAsync();

        await client.SubscribeAsync("EURUSD", "GBPUSD");
        var first = await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "price", "EURUSD's stored price");
        await client.UnsubscribeAsync("EURUSD");
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "unsubscribed", "the unsubscription's reply");
        await prices.Writer.WriteAsync(
            MarketPriceWriter.Price("EURUSD", 6, 1.0852m, 1.0853m, TimeProvider.System.GetUtcNow()),
            MarketPriceWriter.Price("GBPUSD", 1, 1.2674m, 1.2675m, TimeProvider.System.GetUtcNow()));
        var next = await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "price", "the next price");

        Assert.Equal("EURUSD", first["symbol"]!.GetValue<string>());
        Assert.Equal(5, first["sequence"]!.GetValue<long>());
        Assert.Equal("GBPUSD", next["symbol"]!.GetValue<string>());
        var hub = gateway.App.Services.GetService(typeof(LivePriceStream)) as LivePriceStream;
        Assert.Equal(["GBPUSD"], hub!.Streams.Select(s => s.Symbol));
    }

    [Fact]
    public async Task A_symbol_that_outlives_its_age_limit_is_announced_stale_until_a_new_price_comes()
    {
        var prices = new SharedPrices(prices: p => p.Overrides["EURUSD"] = new SymbolLimitsOptions { MaxQuoteAge = TimeSpan.FromMilliseconds(300) });
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:Stream:WatchInterval"] = "00:00:00.05" }, shared: prices.Services);
        await using var client = await gateway.ConnectStreamAsync();
        await client.SubscribeAsync("EURUSD");
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");

        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 9, 1.0850m, 1.0851m, TimeProvider.System.GetUtcNow()));
        var fresh = await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "price", "the price");
        var stale = await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "stale", "the stale announcement");
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 10, 1.0852m, 1.0853m, TimeProvider.System.GetUtcNow()));
        var again = await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "price", "the next price");

        Assert.Equal("fresh", fresh["freshness"]!.GetValue<string>());
        Assert.Equal(9, stale["sequence"]!.GetValue<long>());
        Assert.Equal("stale", stale["freshness"]!.GetValue<string>());
        Assert.True(stale["age_ms"]!.GetValue<double>() > 300);
        Assert.Equal(1.0850m, stale["bid"]!.GetValue<decimal>());
        Assert.Equal(10, again["sequence"]!.GetValue<long>());
        Assert.Equal("fresh", again["freshness"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_messages_and_unknown_symbols_get_a_clear_answer_and_the_stream_carries_on()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:Stream:MaxSymbolsPerClient"] = "2" }, shared: prices.Services);
        await using var client = await gateway.ConnectStreamAsync();

        await client.SendTextAsync("not json");
        var notJson = await client.ReceiveAsync();
        await client.SendAsync(new { type = "dance" });
        var unknownType = await client.ReceiveAsync();
        await client.SendBinaryAsync([1, 2, 3]);
        var binary = await client.ReceiveAsync();
        await client.SubscribeAsync("EURUSD", "NOPE", "GBPUSD", "USDJPY");
        var subscribed = await client.ReceiveAsync();
        await client.SendAsync(new { type = "ping" });
        var pong = await client.ReceiveAsync();

        Assert.Equal("error", notJson!["type"]!.GetValue<string>());
        Assert.StartsWith("not JSON", notJson["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("unknown type: use subscribe, unsubscribe or ping", unknownType!["message"]!.GetValue<string>());
        Assert.Equal("send text messages (JSON)", binary!["message"]!.GetValue<string>());
        Assert.Equal(["EURUSD", "GBPUSD"], subscribed!["symbols"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["NOPE"], subscribed["unknown"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["USDJPY"], subscribed["rejected"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("pong", pong!["type"]!.GetValue<string>());
        var report = await gateway.GetJsonAsync("/api/debug/streams");
        Assert.Equal(3, report["bad_client_messages"]!.GetValue<long>());
        Assert.Equal(1, report["clients_connected"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stopping_the_gateway_tells_its_stream_clients_and_does_not_wait_for_them()
    {
        var prices = new SharedPrices();
        var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        await using var client = await gateway.ConnectStreamAsync();
        await client.SubscribeAsync("EURUSD");
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        var reading = client.ReceiveUntilAsync(_ => false, "the close", timeout: TimeSpan.FromSeconds(30));

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await gateway.DisposeAsync();
        var stopping = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => reading);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        Assert.Equal("gateway shutting down", client.CloseReason);
        Assert.True(stopping < TimeSpan.FromSeconds(8), $"stopping took {stopping}");
    }
}
