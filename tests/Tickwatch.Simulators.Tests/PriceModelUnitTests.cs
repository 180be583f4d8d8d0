using CsCheck;
using Tickwatch.Core.Symbols;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Simulators.Tests;

public sealed class PriceModelUnitTests
{
    [Fact]
    public void Every_tick_is_positive_uncrossed_and_rounded_to_the_instruments_digits()
    {
        Gen.Int.Sample(seed =>
        {
            var model = new PriceModel(StandardInstruments.All, new Random(seed), partialProbability: 0.3);
            model.SetRateMultiplier(0.001);
            for (var round = 0; round < 30; round++)
            {
                for (var i = 0; i < model.Count; i++)
                {
                    var instrument = model.Instrument(i);
                    var sent = model.Tick(i);
                    var (bid, ask) = model.Current(i);
                    Assert.True(bid > 0 && ask > bid, $"{instrument.Symbol} {bid}/{ask}");
                    Assert.Equal(decimal.Round(bid, instrument.Digits), bid);
                    Assert.Equal(decimal.Round(ask, instrument.Digits), ask);
                    Assert.True(sent.Bid is not null || sent.Ask is not null);
                    Assert.True(sent.Bid is null || sent.Bid == bid);
                    Assert.True(sent.Ask is null || sent.Ask == ask);
                }
            }
        }, iter: 10);
    }

    [Fact]
    public void The_spread_stays_around_the_typical_spread()
    {
        var model = new PriceModel(StandardInstruments.All, new Random(7), partialProbability: 0);
        for (var i = 0; i < model.Count; i++)
        {
            var instrument = model.Instrument(i);
            var point = PriceModel.PointOf(instrument.Digits);
            for (var t = 0; t < 100; t++)
            {
                model.Tick(i);
                var (bid, ask) = model.Current(i);
                Assert.InRange(ask - bid, Math.Max(point, (instrument.TypicalSpread * 0.8m) - point), (instrument.TypicalSpread * 1.4m) + point);
            }
        }
    }

    [Fact]
    public void Prices_wander_but_stay_near_the_reference_over_a_day_of_ticks()
    {
        var eurusd = StandardInstruments.Find("EURUSD")!;
        var model = new PriceModel([eurusd], new Random(11), partialProbability: 0);
        model.SetRateMultiplier(20_000 / (12.0 * 86_400));
        var low = decimal.MaxValue;
        var high = decimal.MinValue;

        // 20,000 ticks make a day at this rate: EURUSD moves about 0.5 % a day.
        for (var t = 0; t < 20_000; t++)
        {
            var bid = model.Tick(0).Bid!.Value;
            low = Math.Min(low, bid);
            high = Math.Max(high, bid);
        }

        Assert.True(high - low > 0.001m, $"the price hardly moved: {low}..{high}");
        Assert.InRange(low, eurusd.ReferencePrice * 0.95m, eurusd.ReferencePrice * 1.05m);
        Assert.InRange(high, eurusd.ReferencePrice * 0.95m, eurusd.ReferencePrice * 1.05m);
    }

    [Fact]
    public void The_same_seed_gives_the_same_prices()
    {
        var first = new PriceModel(StandardInstruments.All, new Random(42), 0.1);
        var second = new PriceModel(StandardInstruments.All, new Random(42), 0.1);
        for (var t = 0; t < 1000; t++)
        {
            var i = t % first.Count;
            Assert.Equal(first.Tick(i), second.Tick(i));
        }
    }

    [Fact]
    public void Set_takes_exact_prices_and_the_walk_continues_from_them()
    {
        var model = new PriceModel(StandardInstruments.All, new Random(1), 0);
        Assert.True(model.TryGetIndex("USDJPY", out var index));

        var sent = model.Set(index, 160.000m, 160.015m, out var error);

        Assert.Null(error);
        Assert.Equal(160.000m, sent!.Value.Bid);
        Assert.Equal((160.000m, 160.015m), model.Current(index));
        var next = model.Tick(index);
        Assert.InRange(next.Bid!.Value, 159m, 161m);
    }

    [Theory]
    [InlineData(1.2, 1.1, "crossed")]
    [InlineData(0, 1.1, "greater than zero")]
    [InlineData(1.123456, 1.2, "5 decimal places")]
    public void Set_refuses_unusable_prices(double bid, double ask, string reason)
    {
        var model = new PriceModel(StandardInstruments.All, new Random(1), 0);
        model.TryGetIndex("EURUSD", out var index);
        var before = model.Current(index);

        Assert.Null(model.Set(index, (decimal)bid, (decimal)ask, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Equal(before, model.Current(index));
    }

    [Fact]
    public void Synthetic_instruments_are_numbered_plausible_fx()
    {
        var instruments = SyntheticInstruments.Create(1000);

        Assert.Equal("SYN0001", instruments[0].Symbol);
        Assert.Equal("SYN1000", instruments[^1].Symbol);
        Assert.Equal(1000, instruments.Select(i => i.Symbol).Distinct().Count());
        Assert.All(instruments, i => Assert.True(i.ReferencePrice > 0.4m && i.TypicalSpread > 0 && i.TicksPerSecond > 0 && i.Digits == 5));
    }
}
