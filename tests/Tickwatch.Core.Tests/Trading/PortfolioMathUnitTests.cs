using Tickwatch.Core.Trading;
using static Tickwatch.Core.Tests.Trading.TradingFixtures;

namespace Tickwatch.Core.Tests.Trading;

/// <summary>Golden cases, computed by hand, of every portfolio formula.</summary>
public sealed class PortfolioMathUnitTests
{
    private static readonly GroupSymbolTerms EurUsd = Fx("EURUSD", "USD", 0.0001m);

    [Fact]
    public void A_buy_is_valued_at_the_price_a_close_would_get_with_swap_commission_margin_and_level()
    {
        // BUY 1 lot at 1.08525; quote 1.08600/1.08620, close at 1.08600 − 0.00005 = 1.08595: +70.00 gross.
        var position = new PortfolioPosition("o1", TradeSide.Buy, 1m, 1.08525m, EurUsd, Swap: -1.20m, Commission: 7m);

        var value = PortfolioMath.Value(10_000m, 100m, [position], Guarded(QuoteOf("EURUSD", 1.08600m, 1.08620m)), ToUsd);

        Assert.False(value.IsDegraded);
        var valued = Assert.Single(value.Positions);
        Assert.Equal(1.08595m, valued.ClosePrice);
        Assert.Equal(70.00m, valued.Profit);
        Assert.Equal(61.80m, valued.NetProfit);
        Assert.Equal(1085.25m, valued.Margin);
        Assert.Equal(70.00m, value.OpenPnl);
        Assert.Equal(61.80m, value.TotalPnl);
        Assert.Equal(10_061.80m, value.Equity);
        Assert.Equal(1085.25m, value.UsedMargin);
        Assert.Equal(1085.25m, value.UsedMarginExecuted);
        Assert.Equal(8976.55m, value.FreeMargin);
        Assert.Equal(927.14m, value.MarginLevel);
    }

    [Fact]
    public void A_sell_closes_at_the_ask_plus_half_spread()
    {
        var position = new PortfolioPosition("o1", TradeSide.Sell, 1m, 1.08495m, EurUsd);

        var value = PortfolioMath.Value(10_000m, 100m, [position], Guarded(QuoteOf("EURUSD", 1.08600m, 1.08620m)), ToUsd);

        Assert.Equal(1.08625m, value.Positions[0].ClosePrice);
        Assert.Equal(-130.00m, value.OpenPnl);
    }

    [Fact]
    public void A_yen_profit_is_divided_by_usdjpy_at_its_mid()
    {
        // BUY 0.5 USDJPY at 151.400; 151.600/151.620 with half spread 0.01 closes at 151.590: 9,500 JPY = 9,500 / 151.61 USD.
        var terms = Fx("USDJPY", "JPY", 0.01m, spread: 2m);
        var position = new PortfolioPosition("o1", TradeSide.Buy, 0.5m, 151.400m, terms);

        var value = PortfolioMath.Value(5_000m, 100m, [position], Guarded(QuoteOf("USDJPY", 151.600m, 151.620m)), ToUsd);

        Assert.Equal(151.590m, value.Positions[0].ClosePrice);
        Assert.Equal(62.66m, value.OpenPnl);
        Assert.Equal(499.31m, value.UsedMargin);
    }

    [Fact]
    public void A_pound_profit_of_a_cross_is_multiplied_by_gbpusd_at_its_mid()
    {
        // SELL 1 EURGBP at 0.85600, closes at 0.85520 + 0.00005: 75 GBP × 1.26710 = 95.0325.
        var terms = Fx("EURGBP", "GBP", 0.0001m);
        var position = new PortfolioPosition("o1", TradeSide.Sell, 1m, 0.85600m, terms);

        var value = PortfolioMath.Value(
            5_000m, 100m, [position], Guarded(QuoteOf("EURGBP", 0.85500m, 0.85520m), QuoteOf("GBPUSD", 1.26700m, 1.26720m)), ToUsd);

        Assert.Equal(95.03m, value.OpenPnl);
        Assert.Equal(1084.64m, value.UsedMargin);
    }

    [Fact]
    public void Crypto_margin_carries_the_crypto_margin_factor()
    {
        // BUY 0.1 BTCUSD at 67,000, leverage 100, factor 5: 1 × 0.1 × 67,000 / 100 × 5 = 335; closes at 67,500 − 5.
        var position = new PortfolioPosition("o1", TradeSide.Buy, 0.1m, 67_000m, Bitcoin);

        var value = PortfolioMath.Value(1_000m, 100m, [position], Guarded(QuoteOf("BTCUSD", 67_500m, 67_512.5m)), ToUsd);

        Assert.Equal(335.00m, value.UsedMargin);
        Assert.Equal(49.50m, value.OpenPnl);
    }

    [Fact]
    public void Hedged_positions_in_one_symbol_charge_the_larger_side_only()
    {
        var buy = new PortfolioPosition("b", TradeSide.Buy, 1m, 1.08525m, EurUsd);
        var sell = new PortfolioPosition("s", TradeSide.Sell, 0.5m, 1.08495m, EurUsd);

        var value = PortfolioMath.Value(10_000m, 100m, [buy, sell], Guarded(QuoteOf("EURUSD", 1.08600m, 1.08620m)), ToUsd);

        Assert.Equal(1085.25m, value.UsedMargin);
        Assert.Equal(70.00m - 65.00m, value.OpenPnl);
    }

    [Fact]
    public void A_resting_order_holds_margin_but_has_no_profit_and_counts_in_used_margin_only()
    {
        var open = new PortfolioPosition("o", TradeSide.Buy, 1m, 1.08525m, EurUsd);
        var resting = new PortfolioPosition("p", TradeSide.Sell, 2m, 1.09000m, EurUsd, IsResting: true);

        var value = PortfolioMath.Value(10_000m, 100m, [open, resting], Guarded(QuoteOf("EURUSD", 1.08600m, 1.08620m)), ToUsd);

        Assert.Single(value.Positions);
        Assert.Equal(1085.25m, value.UsedMarginExecuted);
        Assert.Equal(2180.00m, value.UsedMargin);
        Assert.Equal(10_070m - 2180m, value.FreeMargin);
    }

    [Fact]
    public void No_margin_used_gives_no_margin_level_rather_than_zero()
    {
        var value = PortfolioMath.Value(10_000m, 100m, [], Guarded(), ToUsd);

        Assert.False(value.IsDegraded);
        Assert.Equal(10_000m, value.Equity);
        Assert.Equal(10_000m, value.FreeMargin);
        Assert.Null(value.MarginLevel);
    }

    [Fact]
    public void A_stale_quote_or_a_stale_conversion_cross_degrades_the_portfolio_naming_the_symbol_and_gives_no_figures()
    {
        var yen = new PortfolioPosition("y", TradeSide.Buy, 0.5m, 151.400m, Fx("USDJPY", "JPY", 0.01m));
        var cross = new PortfolioPosition("c", TradeSide.Sell, 1m, 0.85600m, Fx("EURGBP", "GBP", 0.0001m));

        var value = PortfolioMath.Value(
            5_000m,
            100m,
            [yen, cross],
            Guarded(QuoteOf("USDJPY", 151.6m, 151.62m, age: TimeSpan.FromSeconds(30)), QuoteOf("EURGBP", 0.855m, 0.8552m)),
            ToUsd);

        Assert.True(value.IsDegraded);
        Assert.Equal(RefusalReason.StalePrice, value.DegradedSymbols["USDJPY"]);
        Assert.Equal(RefusalReason.StalePrice, value.DegradedSymbols["GBPUSD"]);
        Assert.Null(value.Equity);
        Assert.Null(value.MarginLevel);
        Assert.Null(value.FreeMargin);
    }

    [Fact]
    public void A_profit_currency_that_no_listed_cross_converts_degrades_the_portfolio()
    {
        var odd = new PortfolioPosition("x", TradeSide.Buy, 1m, 1m, Fx("ABCXYZ", "XYZ", 0.0001m));

        var value = PortfolioMath.Value(5_000m, 100m, [odd], Guarded(QuoteOf("ABCXYZ", 1m, 1.0002m)), ToUsd);

        Assert.Equal(RefusalReason.UnknownSymbol, value.DegradedSymbols["ABCXYZ"]);
    }

    [Fact]
    public void The_shown_profit_is_what_a_close_at_that_quote_realises_reference_defect_5()
    {
        var position = new PortfolioPosition("o1", TradeSide.Sell, 0.37m, 1.08495m, EurUsd);
        var quote = QuoteOf("EURUSD", 1.08213m, 1.08231m);

        var shown = PortfolioMath.Value(10_000m, 100m, [position], Guarded(quote), ToUsd).Positions[0];
        var closeAt = ExecutionPricing.Close(TradeSide.Sell, quote.Bid, quote.Ask, EurUsd.HalfSpread);
        var realised = PositionMath.Money(PositionMath.Profit(TradeSide.Sell, 1.08495m, closeAt, 0.37m, EurUsd.ContractSize));

        Assert.Equal(realised, shown.Profit);
        Assert.Equal(closeAt, shown.ClosePrice);
        Assert.Equal(quote.BookSequence, shown.BookSequence);
    }
}
