using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests.Unit;

public sealed class SymbolStreamUnitTests
{
    // Friday 21:59:50 UTC: spot FX closes ten seconds later.
    private static readonly DateTimeOffset FridayEvening = new(2026, 3, 6, 21, 59, 50, TimeSpan.Zero);

    [Fact]
    public void An_old_price_is_announced_stale_while_the_market_trades_and_a_shut_market_is_announced_closed_once()
    {
        TradingHours.TryParse("Sun 22:00-Fri 22:00", out var hours, out _);
        var settings = SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(5)) with { TradingHours = hours };
        var open = new SymbolStream(settings, new FakeTimeProvider(FridayEvening), new StreamStatistics());
        var closing = new SymbolStream(settings, new FakeTimeProvider(FridayEvening), new StreamStatistics());
        open.OnPrice(MarketPriceWriter.Price("EURUSD", 1, 1.0850m, 1.0852m, FridayEvening));
        closing.OnPrice(MarketPriceWriter.Price("EURUSD", 1, 1.0850m, 1.0852m, FridayEvening));

        // Six seconds on the market still trades: stale. Eleven seconds on it has closed: closed, not stale, and once.
        Assert.Equal(0, open.Announce(FridayEvening.AddSeconds(6), out var announced));
        Assert.Equal(Freshness.Stale, announced);
        Assert.True(open.Latest!.IsStaleAnnouncement);
        Assert.Equal(0, closing.Announce(FridayEvening.AddSeconds(11), out announced));
        Assert.Equal(Freshness.Closed, announced);
        Assert.Equal((Freshness.Closed, Freshness.Closed), (closing.Latest!.Announced, closing.Latest.Freshness));
        Assert.Equal(1, closing.Latest.Sequence);
        Assert.Equal(-1, closing.Announce(FridayEvening.AddHours(1), out _));

        // Sunday 22:00 it trades again; with no new price by then, that price is stale.
        Assert.Equal(0, closing.Announce(new DateTimeOffset(2026, 3, 8, 22, 0, 0, TimeSpan.Zero), out announced));
        Assert.Equal(Freshness.Stale, announced);
    }
}
