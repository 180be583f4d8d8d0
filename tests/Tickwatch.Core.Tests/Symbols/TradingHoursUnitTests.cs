using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Tests.Symbols;

public sealed class TradingHoursUnitTests
{
    // 2026-03-06 is a Friday.
    private static readonly DateTimeOffset FridayNoon = new(2026, 3, 6, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-03-06T21:59:59Z", true)]
    [InlineData("2026-03-06T22:00:00Z", false)]
    [InlineData("2026-03-07T12:00:00Z", false)]
    [InlineData("2026-03-08T21:59:59Z", false)]
    [InlineData("2026-03-08T22:00:00Z", true)]
    [InlineData("2026-03-04T03:00:00Z", true)]
    public void Spot_fx_hours_open_on_sunday_evening_and_close_on_friday_evening(string at, bool open)
    {
        Assert.True(TradingHours.TryParse("Sun 22:00-Fri 22:00", out var hours, out var error), error);

        Assert.Equal(open, hours.IsOpen(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Daily_sessions_leave_their_breaks_closed_and_offsets_are_read_as_utc()
    {
        Assert.True(TradingHours.TryParse("mon 23:00-Tue 22:00, Tue 23:00-Wed 22:00", out var hours, out _));

        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 3, 3, 21, 59, 0, TimeSpan.Zero)));
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 3, 3, 22, 30, 0, TimeSpan.Zero)));
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 3, 4, 0, 30, 0, TimeSpan.FromHours(2))));
        Assert.Equal("Mon 23:00-Tue 22:00, Tue 23:00-Wed 22:00", hours.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("always")]
    [InlineData(" Always ")]
    public void No_hours_or_always_trades_around_the_clock(string? text)
    {
        Assert.True(TradingHours.TryParse(text, out var hours, out _));

        Assert.True(hours.IsAlways);
        Assert.True(hours.IsOpen(FridayNoon.AddDays(1)));
        Assert.Equal("always", hours.ToString());
    }

    [Theory]
    [InlineData("Sun 22:00", "'Sun 22:00' is not a session")]
    [InlineData("Sun 22:00-Fry 22:00", "'Sun 22:00-Fry 22:00' is not a session")]
    [InlineData("Sun 25:00-Fri 22:00", "'Sun 25:00-Fri 22:00' is not a session")]
    [InlineData("Mon 09:00-Mon 09:00", "opens and closes at the same time")]
    public void Malformed_hours_are_refused_with_what_is_wrong(string text, string expected)
    {
        Assert.False(TradingHours.TryParse(text, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_the_trading_hours_a_price_is_closed_never_fresh_and_so_is_one_that_never_came()
    {
        TradingHours.TryParse("Sun 22:00-Fri 22:00", out var hours, out _);
        var settings = SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(10)) with { TradingHours = hours };
        var saturday = FridayNoon.AddDays(1);
        var quote = new Quote { Symbol = "EURUSD", Bid = 1.0850m, Ask = 1.0852m, Feed = "json", ReceivedAt = saturday.AddSeconds(-1), BookSequence = 1, Version = PriceVersion.Of(null, saturday.AddSeconds(-1), null, 1) };

        Assert.Equal(Freshness.Closed, PriceFreshness.Of(quote, settings, saturday));
        Assert.Equal(Freshness.Fresh, PriceFreshness.Of(quote with { ReceivedAt = FridayNoon }, settings, FridayNoon.AddSeconds(1)));
        Assert.Equal(Freshness.Closed, PriceFreshness.Of(null, settings, saturday));
        Assert.Equal(Freshness.Missing, PriceFreshness.Of(null, settings, FridayNoon));
    }
}
