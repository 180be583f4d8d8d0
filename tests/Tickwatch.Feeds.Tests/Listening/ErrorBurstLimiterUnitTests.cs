using Tickwatch.Feeds.Listening;

namespace Tickwatch.Feeds.Tests.Listening;

public sealed class ErrorBurstLimiterUnitTests
{
    // Timestamps in ticks: frequency 10^7 per second.
    private const long Second = TimeSpan.TicksPerSecond;

    private readonly ErrorBurstLimiter _limiter = new(TimeSpan.TicksPerSecond, TimeSpan.FromSeconds(10));

    [Fact]
    public void The_first_error_of_a_burst_is_logged_and_the_rest_of_the_window_only_counted()
    {
        Assert.True(_limiter.OnError(0, out var ended));
        Assert.Equal(0, ended);

        Assert.False(_limiter.OnError(1 * Second, out _));
        Assert.False(_limiter.OnError(5 * Second, out _));
        Assert.False(_limiter.OnError((10 * Second) - 1, out _));
        Assert.Equal(3, _limiter.Suppressed);
    }

    [Fact]
    public void The_next_error_after_the_window_starts_a_new_burst_and_reports_how_many_were_held_back()
    {
        _limiter.OnError(0, out _);
        _limiter.OnError(1 * Second, out _);
        _limiter.OnError(2 * Second, out _);

        Assert.True(_limiter.OnError(10 * Second, out var ended));
        Assert.Equal(2, ended);
        Assert.Equal(0, _limiter.Suppressed);

        Assert.True(_limiter.OnError(25 * Second, out ended));
        Assert.Equal(0, ended);
    }

    [Fact]
    public void A_burst_can_be_ended_without_a_new_error()
    {
        _limiter.OnError(0, out _);
        _limiter.OnError(1 * Second, out _);

        Assert.False(_limiter.TryEndBurst(9 * Second, out _));
        Assert.True(_limiter.TryEndBurst(11 * Second, out var suppressed));
        Assert.Equal(1, suppressed);

        // The summary is given once; the next error is logged afresh.
        Assert.False(_limiter.TryEndBurst(12 * Second, out _));
        Assert.True(_limiter.OnError(12 * Second, out var ended));
        Assert.Equal(0, ended);
    }

    [Fact]
    public void A_lone_error_needs_no_summary()
    {
        _limiter.OnError(0, out _);

        Assert.False(_limiter.TryEndBurst(60 * Second, out _));
    }
}
