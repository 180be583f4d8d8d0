using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary><c>GET /api/quotes</c>: the values the market service stored, their sequence, age and fresh/stale/missing/closed flag.</summary>
public sealed class QuoteTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Outside_its_trading_hours_a_quote_is_closed_and_not_fresh_while_a_round_the_clock_symbol_stays_fresh()
    {
        var saturday = new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(saturday);
        var prices = new SharedPrices(time, p => p.TradingHours["Forex"] = "Sun 22:00-Fri 22:00");
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await prices.Writer.WriteAsync(
            MarketPriceWriter.Price("EURUSD", 41, 1.08515m, 1.08525m, saturday.AddSeconds(-1)),
            MarketPriceWriter.Price("BTCUSD", 7, 67842.15m, 67854.65m, saturday.AddSeconds(-1)));

        var eurusd = await gateway.GetJsonAsync("/api/quotes/EURUSD");
        var btcusd = await gateway.GetJsonAsync("/api/quotes/BTCUSD");

        Assert.Equal("closed", eurusd["freshness"]!.GetValue<string>());
        Assert.False(eurusd["is_fresh"]!.GetValue<bool>());
        Assert.Equal(1.08515m, eurusd["bid"]!.GetValue<decimal>());
        Assert.Equal("fresh", btcusd["freshness"]!.GetValue<string>());
        Assert.True(btcusd["is_fresh"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_quote_is_the_stored_price_with_its_sequence_age_and_freshness_by_the_symbols_own_limit()
    {
        var time = new FakeTimeProvider(Now);
        var prices = new SharedPrices(time, p => p.Overrides["XAUUSD"] = new SymbolLimitsOptions { MaxQuoteAge = TimeSpan.FromSeconds(2) });
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await prices.Writer.WriteAsync(
            MarketPriceWriter.Price("EURUSD", 41, 1.08515m, 1.08525m, Now.AddSeconds(-3)),
            MarketPriceWriter.Price("XAUUSD", 7, 2341.55m, 2341.80m, Now.AddSeconds(-3)));

        var eurusd = await gateway.GetJsonAsync("/api/quotes/eurusd");
        var xauusd = await gateway.GetJsonAsync("/api/quotes/XAUUSD");
        var gbpusd = await gateway.GetJsonAsync("/api/quotes/GBPUSD");

        Assert.Equal("EURUSD", eurusd["symbol"]!.GetValue<string>());
        Assert.Equal(1.08515m, eurusd["bid"]!.GetValue<decimal>());
        Assert.Equal(1.08525m, eurusd["ask"]!.GetValue<decimal>());
        Assert.Equal(0.00010m, eurusd["spread"]!.GetValue<decimal>());
        Assert.Equal(41, eurusd["sequence"]!.GetValue<long>());
        Assert.Equal(3000, eurusd["age_ms"]!.GetValue<double>());
        Assert.Equal(10000, eurusd["max_age_ms"]!.GetValue<double>());
        Assert.Equal("fresh", eurusd["freshness"]!.GetValue<string>());
        Assert.True(eurusd["is_fresh"]!.GetValue<bool>());
        Assert.Equal("stale", xauusd["freshness"]!.GetValue<string>());
        Assert.False(xauusd["is_fresh"]!.GetValue<bool>());
        Assert.Equal(2000, xauusd["max_age_ms"]!.GetValue<double>());
        Assert.Equal("missing", gbpusd["freshness"]!.GetValue<string>());
        Assert.Null(gbpusd["bid"]);
        Assert.Null(gbpusd["sequence"]);
    }

    [Fact]
    public async Task The_list_has_every_symbol_or_those_asked_for_and_refuses_unknown_ones()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 1, 1.1m, 1.2m, TimeProvider.System.GetUtcNow()));

        var all = await gateway.GetJsonAsync("/api/quotes");
        var two = await gateway.GetJsonAsync("/api/quotes?symbols=GBPUSD,eurusd");
        using var unknown = await gateway.GetAsync("/api/quotes?symbols=EURUSD,NOPE", gateway.Token());
        using var unknownOne = await gateway.GetAsync("/api/quotes/NOPE", gateway.Token());

        Assert.Equal(prices.Symbols.Count, all["count"]!.GetValue<int>());
        Assert.Equal(1, all["fresh"]!.GetValue<int>());
        Assert.Equal(["GBPUSD", "EURUSD"], two["quotes"]!.AsArray().Select(q => q!["symbol"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("NOPE", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownOne.StatusCode);
    }

    [Fact]
    public async Task Under_up_a_client_sees_the_market_services_own_price_of_a_symbol_with_the_same_sequence()
    {
        await using var system = await RunningSystem.StartAsync();
        var shared = new Tickwatch.Gateway.Hosting.GatewaySharedServices(
            system.Market.Services.GetRequiredService<Tickwatch.Storage.Prices.IPriceStore>(),
            system.Market.Services.GetRequiredService<Tickwatch.Storage.Publishing.IPriceAnnouncementSubscriber>(),
            system.Market.Services.GetRequiredService<Tickwatch.Core.Symbols.SymbolRegistry>());
        await using var gateway = await RunningGateway.StartAsync(shared: shared);

        // A frozen symbol keeps one price, so the two services can be compared at leisure.
        await Eventually.UntilAsync(async () => (await gateway.GetJsonAsync("/api/quotes/EURUSD"))["freshness"]!.GetValue<string>() == "fresh");
        await system.InjectFaultAsync(new { kind = "freeze", symbol = "EURUSD", duration_ms = 30_000 });
        var (quote, market) = await Eventually.ValueAsync(
            async () => (await gateway.GetJsonAsync("/api/quotes/EURUSD"), (await system.GetMarketJsonAsync("/api/debug/market-data"))["symbol_analysis"]!["EURUSD"]!),
            pair => pair.Item1["sequence"]!.GetValue<long>() == pair.Item2["book_sequence"]!.GetValue<long>(),
            "the gateway and the market service show the same EURUSD sequence");

        Assert.Equal(market["bid"]!.GetValue<decimal>(), quote["bid"]!.GetValue<decimal>());
        Assert.Equal(market["ask"]!.GetValue<decimal>(), quote["ask"]!.GetValue<decimal>());
        Assert.Equal(market["received_at"]!.GetValue<DateTimeOffset>(), quote["received_at"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(0.001));
    }
}
