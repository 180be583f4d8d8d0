using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;
using Tickwatch.Market.Diagnostics.MarketData;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>The market-data rows of the guide: <c>freshness_rate</c>, <c>fresh_symbols</c>, <c>missing_data_symbols</c>, <c>stale_symbols</c>; and feed consistency.</summary>
public sealed class MarketDataRuleUnitTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(11, null)]
    [InlineData(12, Severity.Warning)]
    [InlineData(29, Severity.Warning)]
    [InlineData(30, Severity.Critical)]
    public void Freshness_rate_follows_the_guides_eighty_and_fifty(int stale, Severity? expected)
    {
        var finding = new FreshnessRateRule().Finding(Snapshots.Healthy() with { MarketData = Snapshots.MarketData(total: 58, stale: stale) });

        Assert.Equal(expected, finding?.Severity);
        if (finding is not null)
        {
            Assert.Equal("Stale market data", finding.Title);
            Assert.StartsWith("Data staleness issue", finding.RootCause, StringComparison.Ordinal);
            Assert.Contains($"{58 - stale} of 58 symbols", finding.RootCause, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_fresh_symbol_at_all_is_the_guides_no_recent_market_data_and_names_the_feeds_that_are_down()
    {
        var down = Snapshots.Feed() with { IsRunning = false, State = "reconnecting" };
        var snapshot = Snapshots.Healthy() with
        {
            MarketData = Snapshots.MarketData(total: 58, stale: 58),
            WebSocket = Snapshots.WebSocket(json: down, binary: down with { Protocol = "protobuf" }),
        };

        var finding = new FreshnessRateRule().Finding(snapshot)!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("No recent market data", finding.Title);
        Assert.Equal("\"fresh_symbols\": 0", finding.Symptom);
        Assert.Contains("Feeds not delivering: json, binary.", finding.RootCause, StringComparison.Ordinal);
        Assert.StartsWith("Check both listeners", finding.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_symbols_are_critical_and_listed()
    {
        var finding = new MissingSymbolsRule().Finding(Snapshots.Healthy() with { MarketData = Snapshots.MarketData(total: 58, missing: 2) })!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.StartsWith("\"missing_data_symbols\": [", finding.Symptom, StringComparison.Ordinal);
        Assert.EndsWith("(2 of 58)", finding.Symptom, StringComparison.Ordinal);
        Assert.StartsWith("Stale market data", finding.RootCause, StringComparison.Ordinal);
        Assert.Equal(2, ((IReadOnlyList<string>)finding.Evidence["missing_data_symbols"]!).Count);
    }

    [Fact]
    public void Missing_symbols_right_after_start_say_the_first_prices_may_be_on_their_way()
    {
        var snapshot = Snapshots.Healthy() with
        {
            MarketData = Snapshots.MarketData(total: 58, missing: 58),
            System = Snapshots.System() with { UptimeSeconds = 3 },
        };

        Assert.Contains("started 3 s ago", new MissingSymbolsRule().Finding(snapshot)!.RootCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Two_stale_symbols_or_more_are_a_warning(int stale, bool expected)
    {
        var finding = new StaleSymbolsRule().Finding(Snapshots.Healthy() with { MarketData = Snapshots.MarketData(total: 58, stale: stale) });

        Assert.Equal(expected, finding is { Severity: Severity.Warning });
    }

    [Fact]
    public void Feeds_that_disagree_are_a_price_mismatch_warning()
    {
        var divergent = new DivergentSymbol("EURUSD", 0.0108m, 0.0005m, new Dictionary<string, decimal?> { ["json"] = 1.0851m, ["binary"] = 1.0959m });

        var finding = new FeedDivergenceRule().Finding(Snapshots.Healthy() with { MarketData = Snapshots.MarketData(divergent: divergent) })!;

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("EURUSD by 0.0108 (tolerance 0.0005)", finding.RootCause, StringComparison.Ordinal);
        Assert.Contains("price mismatch", finding.RootCause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_trade_outside_its_fresh_quote_is_a_warning_naming_the_symbol_and_passes_once_the_quote_caught_up()
    {
        var marketData = Snapshots.MarketData();
        var outside = marketData with
        {
            PriceConsistency = marketData.PriceConsistency with { TradesOutsideQuote = 3, SymbolsWithTradeOutsideQuote = ["BTCUSD"] },
        };

        var finding = new TradeOutsideQuoteRule().Evaluate(Snapshots.Healthy() with { MarketData = outside }).Finding!;

        Assert.Equal((Severity.Warning, "trade_outside_quote"), (finding.Severity, finding.Id));
        Assert.Contains("BTCUSD", finding.RootCause, StringComparison.Ordinal);
        Assert.Equal(3L, finding.Evidence["trades_outside_quote"]);
        var caughtUp = marketData with { PriceConsistency = marketData.PriceConsistency with { TradesOutsideQuote = 3 } };
        Assert.NotNull(new TradeOutsideQuoteRule().Evaluate(Snapshots.Healthy() with { MarketData = caughtUp }).Passed);
    }
}
