using Tickwatch.Core.Trading;

namespace Tickwatch.Core.Tests.Trading;

public sealed class ExecutionPricingUnitTests
{
    [Theory]
    [InlineData(TradeSide.Buy, "1.08525", "1.08495")]
    [InlineData(TradeSide.Sell, "1.08495", "1.08525")]
    public void Each_side_opens_and_closes_with_the_half_spread_against_the_client(TradeSide side, string open, string close)
    {
        // EURUSD 1.08500 / 1.08520 in a group adding one pip (0.0001): each side carries 0.00005.
        var terms = TradingFixtures.Fx("EURUSD", "USD", 0.0001m);

        Assert.Equal(0.00005m, terms.HalfSpread);
        Assert.Equal(decimal.Parse(open, System.Globalization.CultureInfo.InvariantCulture), ExecutionPricing.Open(side, 1.08500m, 1.08520m, terms.HalfSpread));
        Assert.Equal(decimal.Parse(close, System.Globalization.CultureInfo.InvariantCulture), ExecutionPricing.Close(side, 1.08500m, 1.08520m, terms.HalfSpread));
    }

    [Fact]
    public void A_round_trip_at_an_unchanged_quote_costs_the_raw_spread_plus_both_halves()
    {
        var terms = TradingFixtures.Fx("EURUSD", "USD", 0.0001m);
        var open = ExecutionPricing.Open(TradeSide.Buy, 1.08500m, 1.08520m, terms.HalfSpread);
        var close = ExecutionPricing.Close(TradeSide.Buy, 1.08500m, 1.08520m, terms.HalfSpread);

        Assert.Equal(-30m, PositionMath.Profit(TradeSide.Buy, open, close, 1m, terms.ContractSize));
    }

    [Theory]
    [InlineData("0.01", true)]
    [InlineData("1.25", true)]
    [InlineData("100", true)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("0.005", false)]
    [InlineData("1.255", false)]
    [InlineData("100.01", false)]
    public void Volume_must_be_positive_within_bounds_and_on_the_step(string volume, bool valid)
    {
        var terms = TradingFixtures.Fx("EURUSD", "USD", 0.0001m);

        Assert.Equal(valid, terms.IsValidVolume(decimal.Parse(volume, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
