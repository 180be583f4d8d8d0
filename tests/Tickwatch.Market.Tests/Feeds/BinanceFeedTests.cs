using System.Text.Json.Nodes;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Feeds;

/// <summary>The market service fed by the quote hub's Binance JSON and Binance SBE feeds over loopback, as it would be by the venue.</summary>
public sealed class BinanceFeedTests
{
    private const string HubApiKey = "test-venue-key";

    // The SBE feed prices three broker symbols from venue pairs, one under another name (BTCUSDT → BTCUSD).
    private static readonly string[] SbeSymbols = ["EURUSD", "XAUUSD", "BTCUSD"];

    private static async Task<RunningSystem> StartAsync(TimeSpan? connectionLifetime = null)
    {
        var streams = string.Join('/', StandardInstruments.All.Select(i => i.Symbol.ToLowerInvariant() + "@bookTicker"));
        return await RunningSystem.StartAsync(
            new Dictionary<string, string?>
            {
                ["Feeds:0:Name"] = "binance",
                ["Feeds:0:Protocol"] = nameof(FeedProtocol.BinanceJson),
                ["Feeds:0:Url"] = "{hub}/binance/stream?streams=" + streams,
                ["Feeds:0:NoDataTimeout"] = "00:00:30",
                ["Feeds:1:Name"] = "binance-sbe",
                ["Feeds:1:Protocol"] = nameof(FeedProtocol.BinanceSbe),
                ["Feeds:1:Url"] = "{hub}/binance-sbe/stream?streams=eurusd@bestBidAsk/xauusd@bestBidAsk/btcusdt@bestBidAsk",
                ["Feeds:1:NoDataTimeout"] = "00:00:30",
                ["Feeds:1:ApiKey"] = HubApiKey,
                ["Feeds:1:Symbols:EURUSD"] = "EURUSD",
                ["Feeds:1:Symbols:XAUUSD"] = "XAUUSD",
                ["Feeds:1:Symbols:BTCUSDT"] = "BTCUSD",
            },
            o =>
            {
                // The hub refuses an SBE upgrade without the key, as the venue does: the listener must send it.
                o.ApiKey = HubApiKey;
                var json = new QuoteHubFeedOptions { Name = "binance", Protocol = FeedProtocol.BinanceJson, Path = "/binance" };
                if (connectionLifetime is { } lifetime)
                {
                    json.ConnectionLifetime = lifetime;
                    json.ShutdownNotice = lifetime / 4;
                }

                o.Feeds.Add(json);
                o.Feeds.Add(new QuoteHubFeedOptions
                {
                    Name = "binance-sbe",
                    Protocol = FeedProtocol.BinanceSbe,
                    Path = "/binance-sbe",
                    Symbols = new() { ["EURUSD"] = "EURUSD", ["XAUUSD"] = "XAUUSD", ["BTCUSDT"] = "BTCUSD" },
                });
            });
    }

    [Fact]
    public async Task Each_symbols_book_price_ends_at_the_hubs_last_price_from_both_binance_feeds()
    {
        await using var system = await StartAsync();
        var hub = QuoteHubHost.GetEngine(system.Hub);
        await MarketDataAsync(system, m => SbeSymbols.All(s => HasFeed(m, s, "binance") && HasFeed(m, s, "binance-sbe")), "both Binance feeds price the SBE symbols");

        // The generator stops, so the hub's last price is the one last sent; one more round moves every symbol.
        hub.SetRateMultiplier(0);
        await hub.TickAllAsync();

        await AssertBookEndsAtHubPricesAsync(system, hub);
    }

    [Fact]
    public async Task After_serverShutdown_and_the_cut_the_listener_reconnects_and_prices_keep_landing()
    {
        await using var system = await StartAsync(connectionLifetime: TimeSpan.FromSeconds(2));
        var hub = QuoteHubHost.GetEngine(system.Hub);

        await WebSocketAsync(system, w => w["feeds"]!["binance"]!["session"]!.GetValue<long>() >= 2 && IsRunning(w, "binance"), "the binance feed is on its second connection", TimeSpan.FromSeconds(15));

        hub.SetRateMultiplier(0);
        await hub.TickAllAsync();
        await AssertBookEndsAtHubPricesAsync(system, hub);
    }

    [Fact]
    public async Task Faults_on_the_binance_feeds_are_counted_by_the_market_service()
    {
        await using var system = await StartAsync();
        await WebSocketAsync(system, w => Received(w, "binance") > 0 && Received(w, "binance-sbe") > 0, "both Binance feeds deliver");

        await system.InjectFaultAsync(new { kind = "garbage", feed = "binance", count = 5 });
        await system.InjectFaultAsync(new { kind = "truncate", feed = "binance-sbe", count = 5 });

        var ws = await WebSocketAsync(
            system,
            w => ErrorCount(w, "binance", "malformed_json") >= 5 && ErrorCount(w, "binance-sbe", "malformed_sbe") >= 5,
            "the garbage and the truncated SBE frames are counted");
        Assert.Equal(0, ws["connection_history"]!["disconnections"]!.GetValue<long>());
        var receivedAt = Received(ws, "binance-sbe");
        await WebSocketAsync(system, w => Received(w, "binance-sbe") > receivedAt + 3, "good SBE frames keep arriving");
    }

    private static async Task AssertBookEndsAtHubPricesAsync(RunningSystem system, QuoteHubEngine hub)
    {
        var expected = new Dictionary<string, (decimal Bid, decimal Ask)>();
        foreach (var symbol in hub.Symbols)
        {
            var price = await hub.GetPriceAsync(symbol);
            expected[symbol] = (price!.Bid!.Value, price.Ask!.Value);
        }

        var report = await MarketDataAsync(
            system,
            m => expected.All(e => Book(m, e.Key) == e.Value) && SbeSymbols.All(s => FeedPrice(m, s, "binance-sbe") == expected[s]),
            "every symbol's book price is the hub's last price");
        foreach (var symbol in SbeSymbols)
        {
            Assert.Equal(expected[symbol], FeedPrice(report, symbol, "binance"));
        }
    }

    private static (decimal, decimal)? Book(JsonNode report, string symbol) =>
        report["symbol_analysis"]?[symbol] is { } s && s["bid"] is { } bid && s["ask"] is { } ask ? (bid.GetValue<decimal>(), ask.GetValue<decimal>()) : null;

    private static (decimal, decimal)? FeedPrice(JsonNode report, string symbol, string feed) =>
        report["symbol_analysis"]?[symbol]?["feeds"]?[feed] is { } f && f["bid"] is { } bid && f["ask"] is { } ask ? (bid.GetValue<decimal>(), ask.GetValue<decimal>()) : null;

    private static bool HasFeed(JsonNode report, string symbol, string feed) => report["symbol_analysis"]?[symbol]?["feeds"]?[feed] is not null;

    private static bool IsRunning(JsonNode ws, string feed) => ws["feeds"]![feed]!["connection_status"]!["is_running"]!.GetValue<bool>();

    private static long Received(JsonNode ws, string feed) => ws["feeds"]![feed]!["performance_metrics"]!["messages_received"]!.GetValue<long>();

    private static long ErrorCount(JsonNode ws, string feed, string category) =>
        ws["feeds"]![feed]!["error_analysis"]!["parse_errors_by_category"]?[category]?.GetValue<long>() ?? 0;

    private static Task<JsonNode> MarketDataAsync(RunningSystem system, Func<JsonNode, bool> condition, string what) =>
        Eventually.ValueAsync(() => system.GetMarketJsonAsync("/api/debug/market-data"), condition, what);

    private static Task<JsonNode> WebSocketAsync(RunningSystem system, Func<JsonNode, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => system.GetMarketJsonAsync("/api/debug/websocket"), condition, what, timeout);
}
