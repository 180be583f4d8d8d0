using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Market.Health;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Storage.Health;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Health;

/// <summary>The health monitor on fake time: the 💊 line every interval, the 🚨 CRITICAL lines when their conditions hold.</summary>
public sealed class HealthMonitorUnitTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly PriceBook _book;
    private Task _running = Task.CompletedTask;

    public HealthMonitorUnitTests()
    {
        var symbols = new SymbolRegistry(
            new[] { "EURUSD", "GBPUSD", "USDJPY", "XAUUSD" }.Select(s => SymbolDefaults.For(s, StandardInstruments.Find(s)!.Kind, TimeSpan.FromSeconds(10))),
            s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)),
            acceptUnlisted: false);
        _book = new PriceBook(symbols, _time);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _running);
        _stop.Dispose();
    }

    [Fact]
    public async Task Logs_the_health_line_once_per_interval_with_the_store_latency_and_fresh_symbols()
    {
        var monitor = Start(new FakeStoreHealth().Reachable(2.1));

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(0, _logs.Count("💊"));
        FreshPrices("EURUSD", "GBPUSD", "USDJPY", "XAUUSD");
        _time.Advance(TimeSpan.FromSeconds(1));

        var line = await Eventually.ValueAsync(() => Task.FromResult(_logs.Entries.FirstOrDefault(e => e.Message.StartsWith("💊", StringComparison.Ordinal))), e => e is not null, "the first health check");
        Assert.Equal("💊 Health Check - Redis: ✅ (2.1 ms), Market data: ✅ 4/4 fresh (100.0%)", line!.Message);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(2200, line.EventId.Id);
        Assert.DoesNotContain(_logs.Messages, m => m.StartsWith("🚨", StringComparison.Ordinal));
        var result = monitor.LastResult!;
        Assert.True(result.Healthy);
        Assert.Equal((4, 4), (result.MarketData.Fresh, result.MarketData.Total));
        Assert.Equal(_time.GetUtcNow(), result.At);

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(1, _logs.Count("💊"));
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => _logs.Count("💊") == 2, "the second health check, one interval later");
    }

    [Fact]
    public async Task Says_in_memory_store_and_warns_when_too_few_symbols_are_fresh()
    {
        Start(new InMemoryStoreHealth());

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        FreshPrices("EURUSD");
        _time.Advance(TimeSpan.FromSeconds(1));

        var line = await Eventually.ValueAsync(() => Task.FromResult(_logs.Entries.FirstOrDefault(e => e.Message.StartsWith("💊", StringComparison.Ordinal))), e => e is not null, "the health check");
        Assert.Equal("💊 Health Check - Redis: ✅ (in-memory store), Market data: ⚠️ 1/4 fresh (25.0%)", line!.Message);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.DoesNotContain(_logs.Messages, m => m.StartsWith("🚨", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_both_critical_lines_when_the_store_is_down_and_nothing_is_fresh()
    {
        var monitor = Start(new FakeStoreHealth().Unreachable("no answer within 5 s"));
        FreshPrices("EURUSD");

        _time.Advance(Interval);

        await Eventually.UntilAsync(() => _logs.Contains("🚨 CRITICAL: No fresh market data available!"), "the critical lines");
        var critical = _logs.Entries.Where(e => e.Message.StartsWith("🚨", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["🚨 CRITICAL: Redis cluster is not responding! (no answer within 5 s)", "🚨 CRITICAL: No fresh market data available! (0 of 4 symbols fresh)"],
            critical.Select(e => e.Message));
        Assert.All(critical, e => Assert.Equal(LogLevel.Critical, e.Level));
        Assert.Contains("💊 Health Check - Redis: ❌ (no answer within 5 s), Market data: ❌ 0/4 fresh (0.0%)", _logs.Messages);
        Assert.False(monitor.LastResult!.Healthy);
        Assert.False(monitor.LastResult.Store.Healthy);
    }

    private HealthMonitor Start(IStoreHealth store)
    {
        var options = Options.Create(new HealthOptions { Interval = Interval });
        var monitor = new HealthMonitor(new StoreProber(store, options, _time), _book, options, _time, _logs.CreateFactory().CreateLogger<HealthMonitor>());

        // Called directly, the timer exists once this returns: fake time may move at once.
        _running = monitor.RunAsync(_stop.Token);
        return monitor;
    }

    private void FreshPrices(params string[] symbols)
    {
        foreach (var symbol in symbols)
        {
            var price = StandardInstruments.Find(symbol)!.Kind == InstrumentKind.Metal ? 2341.1m : 1.0850m;
            _book.Apply(new PriceUpdate { Symbol = symbol, Bid = price, Ask = price + 0.0002m, Feed = "json", ReceivedAt = _time.GetUtcNow() });
        }
    }
}
