using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Core.Tests.Diagnostics;

public sealed class SlidingRateUnitTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_steady_flow_reports_its_rate()
    {
        var rate = new SlidingRate(_time, windowSeconds: 10);

        for (var second = 0; second < 15; second++)
        {
            for (var i = 0; i < 20; i++)
            {
                rate.Add(_time.GetTimestamp(), 1);
                _time.Advance(TimeSpan.FromMilliseconds(50));
            }
        }

        Assert.Equal(20.0, rate.PerSecond());
    }

    [Fact]
    public void The_second_in_progress_is_not_counted_until_it_completes()
    {
        var rate = new SlidingRate(_time);
        rate.Add(_time.GetTimestamp(), 5);

        Assert.Equal(0, rate.PerSecond());

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(5.0, rate.PerSecond());
    }

    [Fact]
    public void Counts_leave_the_window_as_time_passes()
    {
        var rate = new SlidingRate(_time, windowSeconds: 10);
        for (var second = 0; second < 10; second++)
        {
            rate.Add(_time.GetTimestamp(), 10);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(10.0, rate.PerSecond());

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(5.0, rate.PerSecond());

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, rate.PerSecond());

        // A bucket reused for a later second starts from zero, not from its old count.
        rate.Add(_time.GetTimestamp(), 3);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0.3, rate.PerSecond(), precision: 10);
    }

    [Fact]
    public void Before_a_full_window_has_passed_the_rate_is_over_the_seconds_elapsed()
    {
        var rate = new SlidingRate(_time, windowSeconds: 10);
        rate.Add(_time.GetTimestamp(), 30);
        _time.Advance(TimeSpan.FromSeconds(1));
        rate.Add(_time.GetTimestamp(), 30);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(30.0, rate.PerSecond());
    }

    [Fact]
    public void A_long_gap_leaves_no_stale_buckets()
    {
        var rate = new SlidingRate(_time, windowSeconds: 3);
        rate.Add(_time.GetTimestamp(), 1_000);

        // Exactly one ring length later the same bucket index comes round again.
        _time.Advance(TimeSpan.FromSeconds(4));
        rate.Add(_time.GetTimestamp(), 1);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1.0 / 3, rate.PerSecond(), precision: 10);
    }
}
