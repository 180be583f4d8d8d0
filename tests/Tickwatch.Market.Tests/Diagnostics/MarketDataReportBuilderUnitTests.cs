using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Market.Diagnostics.MarketData;

namespace Tickwatch.Market.Tests.Diagnostics;

public class MarketDataReportBuilderUnitTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly PriceBook _book;

    public MarketDataReportBuilderUnitTests()
    {
        var symbols = new SymbolRegistry(
            new[] { "EURUSD", "GBPUSD", "USDJPY", "XAUUSD" }.Select(s => SymbolDefaults.For(s, StandardInstruments.Find(s)!.Kind, MaxAge)),
            s => SymbolDefaults.For(s, null, MaxAge),
            acceptUnlisted: false);
        _book = new PriceBook(symbols, _time);
    }

    [Fact]
    public void Freshness_counts_fresh_stale_and_missing_symbols()
    {
        Apply("GBPUSD", 1.2670m, 1.2672m, "json");
        _time.Advance(TimeSpan.FromSeconds(6));
        Apply("EURUSD", 1.0850m, 1.0852m, "json");
        _book.Warm("XAUUSD", 2341.1m, 2341.4m, _time.GetUtcNow());

        var report = Build();

        var f = report.DataFreshness;
        Assert.Equal((4, 1, 1, 2), (f.TotalSymbols, f.FreshSymbols, f.StaleSymbols, f.MissingSymbols));
        Assert.Equal(25.0, f.FreshnessRate);
        Assert.Equal(["GBPUSD"], f.StaleSymbolList);
        Assert.Equal(["USDJPY", "XAUUSD"], f.MissingDataSymbols);
        Assert.Equal(["XAUUSD"], f.WarmupSymbols);
        Assert.Equal("stale", report.SymbolAnalysis["GBPUSD"].Freshness);
        Assert.Equal(6.0, report.SymbolAnalysis["GBPUSD"].AgeSeconds);
        Assert.True(report.SymbolAnalysis["XAUUSD"].IsWarmup);
        Assert.False(report.SymbolAnalysis["XAUUSD"].IsFresh);
    }

    [Fact]
    public void Symbol_analysis_shows_each_feed_and_consistency_lists_divergence()
    {
        Apply("EURUSD", 1.0850m, 1.0852m, "json");
        Apply("EURUSD", 1.0950m, 1.0952m, "binary");

        var report = Build();

        var eurusd = report.SymbolAnalysis["EURUSD"];
        Assert.Equal((1.0950m, 1.0952m, "binary"), (eurusd.Bid, eurusd.Ask, eurusd.Feed));
        Assert.Equal(1.0850m, eurusd.Feeds["json"].Bid);
        Assert.False(eurusd.IsConsistent);
        Assert.False(report.PriceConsistency.Consistent);
        var divergent = Assert.Single(report.PriceConsistency.DivergentSymbols);
        Assert.Equal("EURUSD", divergent.Symbol);
        Assert.Equal(1.0851m, divergent.FeedMids["json"]);
    }

    [Fact]
    public void Refused_quotes_are_counted_by_reason_and_the_latest_listed()
    {
        Apply("EURUSD", 1.0850m, 1.0852m, "json");
        Apply("EURUSD", 1.0860m, 1.0852m, "json");
        Apply("EURUSD", 0m, 1.0852m, "binary");

        var report = Build();

        Assert.Equal(1, report.PriceConsistency.CrossedQuotesRejected);
        Assert.Equal(1, report.PriceConsistency.RejectedQuotes["non_positive"]);
        var last = Assert.Single(report.PriceConsistency.RecentRejections);
        Assert.Equal(("EURUSD", "non_positive", "binary"), (last.Symbol, last.Reason, last.Feed));
        Assert.Equal(1, report.SymbolAnalysis["EURUSD"].Rejected["crossed"]);
        Assert.Equal(2, report.BookStatistics.Rejected);
    }

    private MarketDataReport Build() => MarketDataReportBuilder.Build(_book, _time.GetUtcNow(), MaxAge);

    private void Apply(string symbol, decimal bid, decimal ask, string feed) => _book.Apply(new PriceUpdate
    {
        Symbol = symbol,
        Bid = bid,
        Ask = ask,
        Feed = feed,
        ReceivedAt = _time.GetUtcNow(),
    });
}
