using CsCheck;
using Tickwatch.Core.Resilience;

namespace Tickwatch.Core.Tests.Resilience;

public sealed class ReconnectBackoffUnitTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Bound_doubles_from_the_initial_delay_up_to_the_maximum()
    {
        var backoff = new ReconnectBackoff(Initial, Max);

        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.BoundFor(0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.BoundFor(1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), backoff.BoundFor(2));
        Assert.Equal(TimeSpan.FromMilliseconds(25_600), backoff.BoundFor(8));
        Assert.Equal(Max, backoff.BoundFor(9));
        Assert.Equal(Max, backoff.BoundFor(1_000));
        Assert.Equal(Max, backoff.BoundFor(int.MaxValue));
    }

    [Fact]
    public void Every_delay_lies_between_zero_and_min_of_max_and_initial_times_two_to_the_attempt()
    {
        Gen.Select(Gen.Int[0, 2_000], Gen.Int[0, 120_000], Gen.Int, Gen.Int[1, 80]).Sample((initialMs, maxMs, seed, attempts) =>
        {
            var initial = TimeSpan.FromMilliseconds(initialMs);
            var max = TimeSpan.FromMilliseconds(maxMs);
            var backoff = new ReconnectBackoff(initial, max, new Random(seed));
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                var bound = Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, attempt));
                Assert.Equal(attempt, backoff.Attempt);
                var delay = backoff.NextDelay();
                Assert.InRange(delay.Ticks, 0, (long)bound);
            }
        });
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_bound()
    {
        var backoff = new ReconnectBackoff(Initial, Max, new Random(1));
        for (var i = 0; i < 12; i++)
        {
            backoff.NextDelay();
        }

        Assert.Equal(Max, backoff.CurrentBound);

        backoff.Reset();

        Assert.Equal(0, backoff.Attempt);
        Assert.Equal(Initial, backoff.CurrentBound);
        Assert.InRange(backoff.NextDelay(), TimeSpan.Zero, Initial);
    }

    [Fact]
    public void Jitter_is_full_it_spreads_over_the_whole_range_from_zero()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), Max, new Random(42));
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 1_000; i++)
        {
            backoff.Reset();
            delays.Add(backoff.NextDelay());
        }

        Assert.InRange(delays.Min(), TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        Assert.InRange(delays.Max(), TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_same_seed_gives_the_same_delays()
    {
        var first = new ReconnectBackoff(Initial, Max, new Random(7));
        var second = new ReconnectBackoff(Initial, Max, new Random(7));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first.NextDelay(), second.NextDelay());
        }
    }

    [Fact]
    public void A_zero_initial_delay_reconnects_at_once()
    {
        var backoff = new ReconnectBackoff(TimeSpan.Zero, Max, new Random(3));

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, backoff.NextDelay());
        }
    }

    [Fact]
    public void Negative_delays_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(TimeSpan.FromMilliseconds(-1), Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(Initial, TimeSpan.FromMilliseconds(-1)));
    }
}
