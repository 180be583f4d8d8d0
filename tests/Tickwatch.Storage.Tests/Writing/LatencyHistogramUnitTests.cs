using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Diagnostics;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage.Tests.Writing;

public sealed class LatencyHistogramUnitTests
{
    [Fact]
    public void Buckets_are_exact_below_16_microseconds_and_within_a_sixteenth_above()
    {
        for (long micros = 0; micros < 16; micros++)
        {
            Assert.Equal(micros, LatencyHistogram.UpperBound(LatencyHistogram.IndexOf(micros)));
        }

        foreach (var micros in new long[] { 16, 17, 100, 999, 1_000, 4_999, 5_000, 123_456, 60_000_000 })
        {
            var upper = LatencyHistogram.UpperBound(LatencyHistogram.IndexOf(micros));
            Assert.InRange(upper, micros, micros + (micros / 16) + 1);
        }

        Assert.Equal(LatencyHistogram.BucketCount - 1, LatencyHistogram.IndexOf(long.MaxValue));
    }

    [Fact]
    public void Percentiles_come_from_the_recorded_values()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Record(i * 10L);
        }

        var summary = histogram.Summarize();

        Assert.Equal(1000, summary.Count);
        Assert.InRange(summary.P50Ms, 5.0, 5.0 * 17 / 16);
        Assert.InRange(summary.P99Ms, 9.9, 9.9 * 17 / 16);
        Assert.InRange(summary.MaxMs, 10.0, 10.0 * 17 / 16);
        Assert.Equal(LatencySummary.Empty, new LatencyHistogram().Summarize());
    }

    [Fact]
    public void The_sliding_window_forgets_samples_older_than_the_window()
    {
        var time = new FakeTimeProvider();
        var latency = new SlidingLatency(time, TimeSpan.FromSeconds(60));
        latency.Record(50_000);
        time.Advance(TimeSpan.FromSeconds(30));
        latency.Record(1_000);

        Assert.Equal(2, latency.Summarize().Count);
        time.Advance(TimeSpan.FromSeconds(35));
        Assert.Equal(1, latency.Summarize().Count);
        Assert.InRange(latency.Summarize().MaxMs, 1.0, 1.07);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, latency.Summarize().Count);

        latency.Record(2_000);
        latency.Reset();
        Assert.Equal(0, latency.Summarize().Count);
    }

    [Fact]
    public void The_rate_counts_completed_seconds_of_the_window()
    {
        var time = new FakeTimeProvider();
        var rate = new SlidingRate(time, windowSeconds: 10);
        for (var second = 0; second < 20; second++)
        {
            rate.Add(100);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(100, rate.PerSecond());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(50, rate.PerSecond());
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, rate.PerSecond());
    }
}
