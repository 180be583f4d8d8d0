using Tickwatch.Core.Trading;

namespace Tickwatch.Core.Tests.Trading;

public sealed class TriggerRuleUnitTests
{
    [Theory]
    [InlineData(OrderType.BuyLimit, "1.08000", "1.08001", false)]
    [InlineData(OrderType.BuyLimit, "1.08000", "1.08000", true)]
    [InlineData(OrderType.BuyLimit, "1.08000", "1.07990", true)]
    [InlineData(OrderType.SellStop, "1.08000", "1.08001", false)]
    [InlineData(OrderType.SellStop, "1.08000", "1.07999", true)]
    [InlineData(OrderType.BuyStop, "1.09000", "1.08999", false)]
    [InlineData(OrderType.BuyStop, "1.09000", "1.09000", true)]
    [InlineData(OrderType.SellLimit, "1.09000", "1.08999", false)]
    [InlineData(OrderType.SellLimit, "1.09000", "1.09100", true)]
    public void Limits_and_stops_fire_when_their_execution_price_reaches_them_from_the_right_side(OrderType type, string trigger, string execution, bool fires)
    {
        Assert.Equal(fires, TriggerRule.PendingFires(type, Parse(trigger), Parse(execution)));
        Assert.Equal(!fires, TriggerRule.PendingPriceRests(type, Parse(trigger), Parse(execution)));
    }

    [Theory]
    [InlineData(TradeSide.Buy, "1.08000", "1.08001", false)]
    [InlineData(TradeSide.Buy, "1.08000", "1.08000", true)]
    [InlineData(TradeSide.Sell, "1.09000", "1.08999", false)]
    [InlineData(TradeSide.Sell, "1.09000", "1.09001", true)]
    public void A_stop_loss_fires_on_the_closing_price_moving_against_the_position(TradeSide side, string stopLoss, string close, bool fires)
    {
        Assert.Equal(fires, TriggerRule.StopLossFires(side, Parse(stopLoss), Parse(close)));
    }

    [Theory]
    [InlineData(TradeSide.Buy, "1.09000", "1.08999", false)]
    [InlineData(TradeSide.Buy, "1.09000", "1.09000", true)]
    [InlineData(TradeSide.Sell, "1.08000", "1.08001", false)]
    [InlineData(TradeSide.Sell, "1.08000", "1.07900", true)]
    public void A_take_profit_fires_on_the_closing_price_moving_for_the_position(TradeSide side, string takeProfit, string close, bool fires)
    {
        Assert.Equal(fires, TriggerRule.TakeProfitFires(side, Parse(takeProfit), Parse(close)));
    }

    [Fact]
    public void A_stop_or_limit_at_zero_or_one_that_would_fire_at_once_does_not_rest()
    {
        Assert.False(TriggerRule.StopLossRests(TradeSide.Buy, 0m, 1.08m));
        Assert.False(TriggerRule.StopLossRests(TradeSide.Buy, 1.09m, 1.08m));
        Assert.True(TriggerRule.StopLossRests(TradeSide.Buy, 1.07m, 1.08m));
        Assert.False(TriggerRule.TakeProfitRests(TradeSide.Sell, 1.09m, 1.08m));
        Assert.True(TriggerRule.TakeProfitRests(TradeSide.Sell, 1.07m, 1.08m));
        Assert.False(TriggerRule.PendingPriceRests(OrderType.BuyLimit, -1m, 1.08m));
    }

    private static decimal Parse(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
