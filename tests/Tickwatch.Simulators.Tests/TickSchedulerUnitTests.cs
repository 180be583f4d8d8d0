using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Simulators.Tests;

public sealed class TickSchedulerUnitTests
{
    private const long Frequency = TimeSpan.TicksPerSecond;

    [Fact]
    public void Each_symbol_ticks_at_its_own_rate_times_the_multiplier()
    {
        var scheduler = new TickScheduler([2, 20, 200], new Random(3), Frequency, TimeSpan.FromSeconds(1));
        scheduler.SetMultiplier(5, now: 0);
        var totals = new long[3];

        // 100 simulated seconds in 10 ms rounds.
        for (long now = 0; now <= 100 * Frequency; now += Frequency / 100)
        {
            scheduler.CollectDue(now);
            for (var i = 0; i < 3; i++)
            {
                totals[i] += scheduler.DueCount(i);
            }
        }

        Assert.InRange(totals[0], 900, 1100);
        Assert.InRange(totals[1], 9_500, 10_500);
        Assert.InRange(totals[2], 97_000, 103_000);
    }

    [Fact]
    public void A_multiplier_of_zero_pauses_every_symbol()
    {
        var scheduler = new TickScheduler([10, 10], new Random(3), Frequency, TimeSpan.FromSeconds(1));
        scheduler.SetMultiplier(0, now: 0);

        Assert.Equal(0, scheduler.CollectDue(3600 * Frequency));
    }

    [Fact]
    public void After_a_long_pause_only_the_backlog_limit_is_caught_up()
    {
        var scheduler = new TickScheduler([100], new Random(3), Frequency, TimeSpan.FromMilliseconds(250));
        scheduler.SetMultiplier(1, now: 0);

        var burst = scheduler.CollectDue(3600 * Frequency);

        Assert.InRange(burst, 5, 60);
    }
}
