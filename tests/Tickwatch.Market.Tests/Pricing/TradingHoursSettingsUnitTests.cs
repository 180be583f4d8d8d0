using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Hosting.Symbols;
using Tickwatch.Market.Diagnostics.MarketData;
using Tickwatch.Market.Health;

namespace Tickwatch.Market.Tests.Pricing;

/// <summary>Trading hours from <c>Prices:TradingHours</c> and the overrides, and what a shut market does to the freshness figures.</summary>
public sealed class TradingHoursSettingsUnitTests
{
    // A Saturday: spot FX is shut, crypto trades.
    private static readonly DateTimeOffset Saturday = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_class_gets_its_hours_a_symbol_may_override_them_and_unnamed_classes_trade_around_the_clock()
    {
        var options = new PricesOptions();
        options.TradingHours["forex"] = "Sun 22:00-Fri 22:00";
        options.Overrides["USDJPY"] = new SymbolLimitsOptions { TradingHours = "always" };

        var symbols = SymbolCatalog.Create(options);

        Assert.Equal("Sun 22:00-Fri 22:00", Settings(symbols, "EURUSD").TradingHours.ToString());
        Assert.True(Settings(symbols, "USDJPY").TradingHours.IsAlways);
        Assert.True(Settings(symbols, "BTCUSD").TradingHours.IsAlways);
    }

    [Fact]
    public void Unreadable_hours_and_unknown_classes_are_refused_at_start()
    {
        var options = new PricesOptions();
        options.TradingHours["Forex"] = "weekdays";
        options.TradingHours["Bonds"] = "always";
        options.Overrides["EURUSD"] = new SymbolLimitsOptions { TradingHours = "Mon 09:00-Mon 09:00" };

        var result = new PricesOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Prices:TradingHours:Forex: 'weekdays' is not a session", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Prices:TradingHours:Bonds names no instrument class", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Prices:Overrides:EURUSD:TradingHours: 'Mon 09:00-Mon 09:00' opens and closes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shut_market_is_closed_not_stale_and_the_freshness_rate_counts_only_open_symbols()
    {
        var time = new FakeTimeProvider(Saturday.AddSeconds(-1));
        var options = new PricesOptions { Symbols = ["EURUSD", "GBPUSD", "BTCUSD", "ETHUSD"] };
        options.TradingHours["Forex"] = "Sun 22:00-Fri 22:00";
        var book = new PriceBook(SymbolCatalog.Create(options), time);
        foreach (var (symbol, bid) in new[] { ("EURUSD", 1.0850m), ("GBPUSD", 1.2670m), ("BTCUSD", 67842.15m), ("ETHUSD", 3128.64m) })
        {
            book.Apply(new PriceUpdate { Symbol = symbol, Bid = bid, Ask = bid * 1.0001m, Feed = "json", ReceivedAt = time.GetUtcNow() });
        }

        time.Advance(TimeSpan.FromSeconds(1));
        var report = MarketDataReportBuilder.Build(book, time.GetUtcNow(), options.DefaultMaxQuoteAge);
        var tally = FreshnessTally.Of(book);

        var f = report.DataFreshness;
        Assert.Equal((4, 2, 0, 0, 2), (f.TotalSymbols, f.FreshSymbols, f.StaleSymbols, f.MissingSymbols, f.ClosedSymbols));
        Assert.Equal(["EURUSD", "GBPUSD"], f.ClosedSymbolList);
        Assert.Equal(100.0, f.FreshnessRate);
        Assert.Equal("closed", report.SymbolAnalysis["EURUSD"].Freshness);
        Assert.Equal((2, 2, 1.0), (tally.Fresh, tally.Open, tally.Fraction));
        Assert.True(tally.IsHealthy(0.8));
    }

    [Fact]
    public void With_every_market_shut_the_market_data_is_healthy_though_nothing_is_fresh()
    {
        var time = new FakeTimeProvider(Saturday);
        var options = new PricesOptions { Symbols = ["EURUSD", "GBPUSD"] };
        options.TradingHours["Forex"] = "Sun 22:00-Fri 22:00";
        var book = new PriceBook(SymbolCatalog.Create(options), time);
        book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = 1.0850m, Ask = 1.0852m, Feed = "json", ReceivedAt = time.GetUtcNow() });

        var tally = FreshnessTally.Of(book);

        Assert.Equal((0, 0, 2), (tally.Fresh, tally.Open, tally.Closed.Count));
        Assert.True(tally.IsHealthy(0.8));
        Assert.Empty(tally.Stale);
    }

    private static SymbolSettings Settings(SymbolRegistry symbols, string symbol) =>
        symbols.TryGet(symbol, out var settings) ? settings : throw new InvalidOperationException(symbol + " is not listed");
}
