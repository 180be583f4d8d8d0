using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Tests.Prices;

public sealed class PriceFreshnessUnitTests
{
    // A Saturday noon: spot FX is shut.
    private static readonly DateTimeOffset Saturday = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);

    private static readonly SymbolSettings Forex = SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(10)) with
    {
        TradingHours = TradingHours.TryParse("Sun 22:00-Fri 22:00", out var hours, out _) ? hours : TradingHours.Always,
    };

    [Fact]
    public void A_live_price_is_fresh_up_to_its_limit_and_stale_after_while_the_market_trades()
    {
        var friday = Saturday.AddDays(-1);

        Assert.Equal(Freshness.Fresh, PriceFreshness.OfLive(friday.AddSeconds(-10), Forex, friday));
        Assert.Equal(Freshness.Stale, PriceFreshness.OfLive(friday.AddSeconds(-10).AddTicks(-1), Forex, friday));
        Assert.Equal(Freshness.Missing, PriceFreshness.OfLive(null, Forex, friday));
    }

    [Fact]
    public void The_age_half_alone_ignores_the_trading_hours()
    {
        Assert.Equal(Freshness.Closed, PriceFreshness.OfLive(Saturday.AddSeconds(-1), Forex, Saturday));
        Assert.True(PriceFreshness.IsWithinMaxAge(Saturday.AddSeconds(-10), Forex, Saturday));
        Assert.False(PriceFreshness.IsWithinMaxAge(Saturday.AddSeconds(-11), Forex, Saturday));
    }
}
