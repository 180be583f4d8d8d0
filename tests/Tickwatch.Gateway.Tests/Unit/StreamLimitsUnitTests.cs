using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>The stream's small limits on their own: streams per user, and a client's command token bucket on a fake clock.</summary>
public sealed class StreamLimitsUnitTests
{
    [Fact]
    public async Task Streams_per_user_are_held_under_the_limit_and_counted_back_to_nothing_under_contention()
    {
        var counts = new UserStreamCounts(3);
        var admitted = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                if (counts.TryAdd("live:1"))
                {
                    Interlocked.Increment(ref admitted);
                    Assert.InRange(counts.Of("live:1"), 1, 3);
                    counts.Remove("live:1");
                }
            }
        })));

        Assert.True(admitted > 0);
        Assert.Equal(0, counts.Of("live:1"));
        Assert.True(counts.TryAdd("live:1") && counts.TryAdd("live:1") && counts.TryAdd("live:1"));
        Assert.False(counts.TryAdd("live:1"));
        Assert.True(counts.TryAdd("live:2"));
        counts.Remove("live:1");
        Assert.True(counts.TryAdd("live:1"));
    }

    [Fact]
    public void The_command_bucket_lets_a_burst_through_then_the_rate_and_says_when_it_was_full()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
        var bucket = new CommandTokenBucket(time, perSecond: 4, burst: 2);

        Assert.True(bucket.TryTake(out var wasFull));
        Assert.True(wasFull);
        Assert.True(bucket.TryTake(out wasFull));
        Assert.False(wasFull);
        Assert.False(bucket.TryTake(out _));

        // A quarter second is one command at four a second; a whole second refills the burst, never more.
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(bucket.TryTake(out wasFull));
        Assert.False(wasFull);
        Assert.False(bucket.TryTake(out _));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(bucket.TryTake(out wasFull));
        Assert.True(wasFull);
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out _));
    }
}
