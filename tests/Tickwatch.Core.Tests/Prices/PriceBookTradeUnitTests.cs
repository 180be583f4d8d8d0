using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Tests.Prices;

/// <summary>A venue's trades in the book: the last one per symbol by trade id, checked against the fresh quote, never a quote.</summary>
public sealed class PriceBookTradeUnitTests
{
    private readonly BookFixture _f = new();

    [Fact]
    public void A_trade_never_changes_the_quote_its_freshness_or_its_version()
    {
        _f.Apply("BTCUSD", 67840m, 67844m, feed: "binance", sequence: 1);
        var before = _f.Book.GetQuote("BTCUSD")!;
        _f.Time.Advance(BookFixture.MaxAge + TimeSpan.FromSeconds(1));

        var result = _f.Book.ApplyTrade(Trade("BTCUSD", 70000m, id: 1));

        Assert.Equal(TradeApplyOutcome.Accepted, result.Outcome);
        Assert.Same(before, _f.Book.GetQuote("BTCUSD"));
        Assert.False(_f.Book.TryGetFreshQuote("BTCUSD", out _, out var freshness));
        Assert.Equal(Freshness.Stale, freshness);
        Assert.Equal(1, _f.Snapshot("BTCUSD").Accepted);
    }

    [Fact]
    public void A_trade_alone_makes_no_quote()
    {
        _f.Book.ApplyTrade(Trade("BTCUSD", 67842m, id: 5));

        var snapshot = _f.Snapshot("BTCUSD");
        Assert.Null(snapshot.Quote);
        Assert.Equal(Freshness.Missing, snapshot.Freshness);
        Assert.Equal((67842m, 5L), (snapshot.LastTrade!.Value.Price, snapshot.LastTrade.Value.TradeId));
    }

    [Fact]
    public void An_older_trade_id_never_replaces_a_newer_one()
    {
        _f.Book.ApplyTrade(Trade("BTCUSD", 67842m, id: 10));

        Assert.Equal(TradeApplyOutcome.Older, _f.Book.ApplyTrade(Trade("BTCUSD", 1m, id: 9)).Outcome);
        Assert.Equal(TradeApplyOutcome.Older, _f.Book.ApplyTrade(Trade("BTCUSD", 2m, id: 10)).Outcome);
        Assert.Equal(TradeApplyOutcome.Accepted, _f.Book.ApplyTrade(Trade("BTCUSD", 67843m, id: 11, feed: "binance-sbe")).Outcome);

        var last = _f.Snapshot("BTCUSD").LastTrade!.Value;
        Assert.Equal((67843m, 11L, "binance-sbe"), (last.Price, last.TradeId, last.Feed));
        var stats = _f.Book.Statistics;
        Assert.Equal((2L, 2L, 0L), (stats.TradesAccepted, stats.TradesOlder, stats.TradesRefused));
    }

    [Fact]
    public void Unknown_symbols_and_impossible_prices_are_refused_and_counted()
    {
        Assert.Equal(TradeApplyOutcome.UnknownSymbol, _f.Book.ApplyTrade(Trade("PEPEUSD", 1m, id: 1)).Outcome);
        Assert.Equal(TradeApplyOutcome.InvalidPrice, _f.Book.ApplyTrade(Trade("BTCUSD", 0m, id: 1)).Outcome);
        Assert.Equal(TradeApplyOutcome.InvalidPrice, _f.Book.ApplyTrade(Trade("BTCUSD", -5m, id: 2)).Outcome);

        Assert.Equal(3, _f.Book.Statistics.TradesRefused);
        Assert.Null(_f.Snapshot("BTCUSD").LastTrade);
    }

    [Theory]
    [InlineData("67840", false)]
    [InlineData("67844", false)]
    [InlineData("67500.81", false)] // bid − 0.5 % of the bid is 67500.8: within
    [InlineData("67500.79", true)]
    [InlineData("68183.22", false)] // ask + 0.5 % of the ask is 68183.22: within
    [InlineData("68183.23", true)]
    public void A_trade_beyond_the_fresh_quote_by_more_than_the_tolerance_is_counted(string price, bool outside)
    {
        _f.Apply("BTCUSD", 67840m, 67844m, feed: "binance", sequence: 1);

        var result = _f.Book.ApplyTrade(Trade("BTCUSD", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), id: 1));

        Assert.Equal(outside, result.OutsideQuote);
        var snapshot = _f.Snapshot("BTCUSD");
        Assert.Equal(outside, snapshot.LastTradeOutsideQuote);
        Assert.Equal(outside ? 1 : 0, snapshot.TradesOutsideQuote.GetValueOrDefault("binance"));
        Assert.Equal(outside ? 1 : 0, _f.Book.Statistics.TradesOutsideQuote);
    }

    [Fact]
    public void A_stale_or_missing_quote_is_no_yardstick()
    {
        Assert.False(_f.Book.ApplyTrade(Trade("BTCUSD", 1m, id: 1)).OutsideQuote);
        _f.Apply("BTCUSD", 67840m, 67844m, sequence: 1);
        _f.Time.Advance(BookFixture.MaxAge + TimeSpan.FromSeconds(1));

        Assert.False(_f.Book.ApplyTrade(Trade("BTCUSD", 1m, id: 2)).OutsideQuote);
        Assert.False(_f.Snapshot("BTCUSD").LastTradeOutsideQuote);
        Assert.Equal(0, _f.Book.Statistics.TradesOutsideQuote);
    }

    private TradePrint Trade(string symbol, decimal price, long id, string feed = "binance") => new()
    {
        Symbol = symbol,
        Price = price,
        TradeId = id,
        Feed = feed,
        FeedSession = 1,
        ReceivedAt = _f.Time.GetUtcNow(),
    };
}
