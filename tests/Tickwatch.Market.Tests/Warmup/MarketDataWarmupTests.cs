using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Market.Warmup;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Warmup;

/// <summary>Warm-up from the store at start, on request and after failures: prices are shown at once, marked warmed-up, never fresh.</summary>
public sealed class MarketDataWarmupTests
{
    [Fact]
    public async Task At_start_stored_prices_are_shown_as_warmed_up_and_missing_never_fresh()
    {
        await using var market = MarketHost.Build();
        var store = market.App.Services.GetRequiredService<IPriceStore>();
        var storedAt = TimeProvider.System.GetUtcNow().AddMinutes(-3);
        await store.WriteAsync([MarketPriceWriter.Price("EURUSD", 7, 1.0850m, 1.0852m, storedAt), MarketPriceWriter.Price("XAUUSD", 7, 2341.10m, 2341.45m, storedAt)], default);

        await market.StartAsync();

        await Eventually.UntilAsync(() => market.Logs.Contains("✅ Market data warmup successful (start): 2 of "));
        var report = await GetJsonAsync(market, "/api/debug/market-data");
        var eurusd = report["symbol_analysis"]!["EURUSD"]!;
        Assert.Equal((1.0850m, 1.0852m), (eurusd["bid"]!.GetValue<decimal>(), eurusd["ask"]!.GetValue<decimal>()));
        Assert.True(eurusd["is_warmup"]!.GetValue<bool>());
        Assert.Equal("missing", eurusd["freshness"]!.GetValue<string>());
        Assert.Equal(0, report["data_freshness"]!["fresh_symbols"]!.GetValue<int>());
        Assert.Equal(["EURUSD", "XAUUSD"], report["data_freshness"]!["warmup_symbols"]!.AsArray().Select(s => s!.GetValue<string>()));

        var warmups = await GetJsonAsync(market, "/api/debug/warmup");
        Assert.Equal("start", warmups["last"]!["trigger"]!.GetValue<string>());
        Assert.Equal(2, warmups["last"]!["result"]!["loaded"]!.GetValue<int>());
        Assert.Contains("GBPUSD", warmups["last"]!["result"]!["missing_symbols"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task An_operator_can_warm_up_on_demand()
    {
        await using var market = await MarketHost.StartAsync();
        await Eventually.UntilAsync(() => market.Logs.Contains("✅ Market data warmup successful (start): 0 of "));
        var store = market.App.Services.GetRequiredService<IPriceStore>();
        await store.WriteAsync([MarketPriceWriter.Price("GBPUSD", 7, 1.2710m, 1.2712m, TimeProvider.System.GetUtcNow())], default);

        using var response = await market.Http.PostAsync("/api/debug/warmup", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("operator request", run["trigger"]!.GetValue<string>());
        Assert.Equal((1, 1), (run["result"]!["loaded"]!.GetValue<int>(), run["result"]!["warmed"]!.GetValue<int>()));
        Assert.True(market.Logs.Contains("✅ Market data warmup successful (operator request): 1 of "));
    }

    [Fact]
    public async Task A_feed_reconnection_warms_up_again()
    {
        await using var system = await RunningSystem.StartAsync();
        await Eventually.UntilAsync(async () => (await WarmupsAsync(system))["runs"]!.GetValue<int>() == 1);
        await Eventually.UntilAsync(async () => JsonNode.Parse(await system.MarketHttp.GetStringAsync(new Uri("/api/debug/websocket", UriKind.Relative)))!
            ["connection_status"]!["is_running"]!.GetValue<bool>());

        await system.InjectFaultAsync(new { kind = "drop", feed = "json" });

        var warmups = await Eventually.ValueAsync(() => WarmupsAsync(system), w => w["runs"]!.GetValue<int>() >= 2, "a second warm-up");
        Assert.Equal("feed json reconnected, session 2", warmups["last"]!["trigger"]!.GetValue<string>());
        Assert.True(warmups["last"]!["result"]!["succeeded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_warm_up_that_cannot_read_the_store_is_retried_after_the_delay()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var store = new FlakyStore(new InMemoryPriceStore(time), failures: 1);
        await store.WriteAsync([MarketPriceWriter.Price("EURUSD", 7, 1.0850m, 1.0852m, time.GetUtcNow())], default);
        var book = new PriceBook(new SymbolRegistry([SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(5))], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(5)), acceptUnlisted: false), time);
        var options = Options.Create(new WarmupOptions { RetryDelay = TimeSpan.FromSeconds(10) });
        var warmup = new MarketDataWarmup(new PriceWarmup(store, time), book, options, time, NullLogger<MarketDataWarmup>.Instance);
        var service = new MarketDataWarmupService(warmup, options, time);
        using var stop = new CancellationTokenSource();
        var running = service.RunAsync(stop.Token);

        await Eventually.UntilAsync(() => warmup.Report().Failures == 1);
        Assert.Null(book.GetQuote("EURUSD"));
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(1, warmup.Report().Runs);

        time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.UntilAsync(() => warmup.Report().Runs == 2);
        Assert.Equal("retry of start", warmup.Report().Last!.Trigger);
        Assert.True(book.GetQuote("EURUSD")!.IsWarmup);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task Reconnections_that_arrive_together_are_folded_into_one_warm_up()
    {
        var time = new FakeTimeProvider();
        var store = new FlakyStore(new InMemoryPriceStore(time), failures: 0);
        var book = new PriceBook(new SymbolRegistry([], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(5)), acceptUnlisted: true), time);
        var options = Options.Create(new WarmupOptions());
        var warmup = new MarketDataWarmup(new PriceWarmup(store, time), book, options, time, NullLogger<MarketDataWarmup>.Instance);
        var service = new MarketDataWarmupService(warmup, options, time);
        store.Hold();
        using var stop = new CancellationTokenSource();
        var running = service.RunAsync(stop.Token);
        await Eventually.UntilAsync(() => store.Reads == 1);

        // While the start warm-up is held, three feeds reconnect.
        service.FeedReconnected("json", 2);
        service.FeedReconnected("binary", 2);
        service.FeedReconnected("json", 3);
        store.Release();

        await Eventually.UntilAsync(() => warmup.Report().Runs == 2);
        Assert.Equal("feed json reconnected, session 2", warmup.Report().Last!.Trigger);
        Assert.Equal(2, store.Reads);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private static async Task<JsonNode> WarmupsAsync(RunningSystem system) =>
        JsonNode.Parse(await system.MarketHttp.GetStringAsync(new Uri("/api/debug/warmup", UriKind.Relative)))!;

    private static async Task<JsonNode> GetJsonAsync(MarketHost market, string path) =>
        JsonNode.Parse(await market.Http.GetStringAsync(new Uri(path, UriKind.Relative)))!;

    /// <summary>The in-memory store, unreadable for its first reads, and able to hold a read until released.</summary>
    private sealed class FlakyStore(InMemoryPriceStore inner, int failures) : IPriceStore
    {
        private TaskCompletionSource _gate = CompletedGate();
        private int _reads;

        public StoreKind Kind => inner.Kind;

        public int Reads => Volatile.Read(ref _reads);

        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.TrySetResult();

        public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken) =>
            inner.WriteAsync(prices, cancellationToken);

        public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken) => inner.ReadAsync(symbol, cancellationToken);

        public async Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
        {
            var read = Interlocked.Increment(ref _reads);
            await _gate.Task.WaitAsync(cancellationToken);
            if (read <= failures)
            {
                throw new PriceStoreException("store unreachable (test)");
            }

            return await inner.ReadManyAsync(symbols, cancellationToken);
        }

        private static TaskCompletionSource CompletedGate()
        {
            var gate = new TaskCompletionSource();
            gate.SetResult();
            return gate;
        }
    }
}
