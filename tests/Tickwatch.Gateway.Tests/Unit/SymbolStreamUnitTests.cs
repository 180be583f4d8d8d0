using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Testing;

namespace Tickwatch.Gateway.Tests.Unit;

public sealed class SymbolStreamUnitTests
{
    // Friday 21:59:50 UTC: spot FX closes ten seconds later.
    private static readonly DateTimeOffset FridayEvening = new(2026, 3, 6, 21, 59, 50, TimeSpan.Zero);

    [Fact]
    public void An_old_price_is_announced_stale_while_the_market_trades_but_not_once_it_has_closed()
    {
        TradingHours.TryParse("Sun 22:00-Fri 22:00", out var hours, out _);
        var settings = SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(5)) with { TradingHours = hours };
        var open = new SymbolStream(settings, new FakeTimeProvider(FridayEvening), new StreamStatistics());
        var closing = new SymbolStream(settings, new FakeTimeProvider(FridayEvening), new StreamStatistics());
        open.OnPrice(MarketPriceWriter.Price("EURUSD", 1, 1.0850m, 1.0852m, FridayEvening));
        closing.OnPrice(MarketPriceWriter.Price("EURUSD", 1, 1.0850m, 1.0852m, FridayEvening));

        // Six seconds on the market still trades: stale. Eleven seconds on it has closed: nothing to announce.
        Assert.Equal(0, open.AnnounceIfStale(FridayEvening.AddSeconds(6)));
        Assert.True(open.Latest!.IsStaleAnnouncement);
        Assert.Equal(-1, closing.AnnounceIfStale(FridayEvening.AddSeconds(11)));
        Assert.False(closing.Latest!.IsStaleAnnouncement);
    }
}
