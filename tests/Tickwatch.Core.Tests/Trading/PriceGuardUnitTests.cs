using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using static Tickwatch.Core.Tests.Trading.TradingFixtures;

namespace Tickwatch.Core.Tests.Trading;

public sealed class PriceGuardUnitTests
{
    private static readonly TimeSpan ExecutionAge = TimeSpan.FromSeconds(2);

    [Fact]
    public void A_live_quote_younger_than_the_execution_age_may_be_acted_on()
    {
        var guarded = PriceGuard.Check(QuoteOf("EURUSD", 1.085m, 1.0852m, age: TimeSpan.FromSeconds(1)), Settings("EURUSD"), ExecutionAge, Now);

        Assert.True(guarded.IsUsable);
        Assert.Equal(TimeSpan.FromSeconds(1), guarded.Age);
    }

    [Fact]
    public void A_quote_fresh_for_display_but_older_than_the_execution_age_is_refused_as_stale_with_its_age_reference_defect_1()
    {
        var guarded = PriceGuard.Check(QuoteOf("EURUSD", 1.085m, 1.0852m, age: TimeSpan.FromSeconds(5)), Settings("EURUSD"), ExecutionAge, Now);

        Assert.Equal(RefusalReason.StalePrice, guarded.Refusal);
        Assert.Equal(TimeSpan.FromSeconds(5), guarded.Age);
        Assert.Equal(ExecutionAge, guarded.MaxAge);
        Assert.Throws<InvalidOperationException>(() => guarded.Usable);
    }

    [Fact]
    public void The_execution_age_never_exceeds_the_symbols_max_quote_age()
    {
        var guarded = PriceGuard.Check(QuoteOf("EURUSD", 1.085m, 1.0852m, age: TimeSpan.FromSeconds(11)), Settings("EURUSD"), TimeSpan.FromMinutes(1), Now);

        Assert.Equal(RefusalReason.StalePrice, guarded.Refusal);
        Assert.Equal(TimeSpan.FromSeconds(10), guarded.MaxAge);
    }

    [Fact]
    public void A_warmed_up_or_missing_quote_is_never_acted_on()
    {
        Assert.Equal(RefusalReason.StalePrice, PriceGuard.Check(QuoteOf("EURUSD", 1.085m, 1.0852m, warmup: true), Settings("EURUSD"), ExecutionAge, Now).Refusal);
        var missing = PriceGuard.Check(null, Settings("EURUSD"), ExecutionAge, Now);
        Assert.Equal(RefusalReason.StalePrice, missing.Refusal);
        Assert.Null(missing.Age);
    }

    [Fact]
    public void Outside_trading_hours_the_refusal_is_market_closed()
    {
        TradingHours.TryParse("Mon 00:00-Mon 01:00", out var hours, out _);
        var settings = Settings("EURUSD") with { TradingHours = hours };

        Assert.Equal(RefusalReason.MarketClosed, PriceGuard.Check(QuoteOf("EURUSD", 1.085m, 1.0852m), settings, ExecutionAge, Now).Refusal);
    }
}
