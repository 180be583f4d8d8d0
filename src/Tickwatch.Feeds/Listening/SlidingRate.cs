namespace Tickwatch.Feeds.Listening;

/// <summary>Events per second over a sliding window of whole seconds, counted in per-second buckets on <see cref="TimeProvider"/> timestamps.</summary>
/// <remarks>
/// One writer (the receive loop) and any number of readers. Recording is a few plain
/// memory writes, with no lock and no allocation; a reader that races a bucket being
/// recycled skips that bucket rather than reading a count under the wrong second.
/// The rate covers only completed seconds, so it is exact for a steady flow and lags by under a second.
/// </remarks>
public sealed class SlidingRate
{
    private const long NoSecond = -1;

    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly long _frequency;
    private readonly int _windowSeconds;
    private readonly long[] _seconds;
    private readonly long[] _counts;

    public SlidingRate(TimeProvider timeProvider, int windowSeconds = 10)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _frequency = timeProvider.TimestampFrequency;
        _windowSeconds = windowSeconds;

        // The window's completed seconds plus the one in progress.
        _seconds = new long[windowSeconds + 1];
        _counts = new long[windowSeconds + 1];
        Array.Fill(_seconds, NoSecond);
    }

    /// <summary>Length of the window in seconds.</summary>
    public int WindowSeconds => _windowSeconds;

    /// <summary>Records <paramref name="count"/> events at <paramref name="timestamp"/> (from <see cref="TimeProvider.GetTimestamp"/>). Single writer only.</summary>
    public void Add(long timestamp, long count)
    {
        var second = SecondOf(timestamp);
        var index = (int)(second % _seconds.Length);
        if (Volatile.Read(ref _seconds[index]) == second)
        {
            Volatile.Write(ref _counts[index], _counts[index] + count);
            return;
        }

        // Mark the bucket invalid while it changes seconds, so a reader never pairs the new count with the old second.
        Volatile.Write(ref _seconds[index], NoSecond);
        Volatile.Write(ref _counts[index], count);
        Volatile.Write(ref _seconds[index], second);
    }

    /// <summary>Average events per second over the completed seconds of the window ending now.</summary>
    public double PerSecond() => PerSecond(_timeProvider.GetTimestamp());

    /// <summary>Average events per second over the completed seconds of the window ending at <paramref name="timestamp"/>.</summary>
    public double PerSecond(long timestamp)
    {
        var current = SecondOf(timestamp);
        var first = Math.Max(0, current - _windowSeconds);
        var seconds = current - first;
        if (seconds == 0)
        {
            return 0;
        }

        long total = 0;
        for (var second = first; second < current; second++)
        {
            var index = (int)(second % _seconds.Length);
            var before = Volatile.Read(ref _seconds[index]);
            var count = Volatile.Read(ref _counts[index]);
            var after = Volatile.Read(ref _seconds[index]);
            if (before == second && after == second)
            {
                total += count;
            }
        }

        return (double)total / seconds;
    }

    private long SecondOf(long timestamp)
    {
        var elapsed = timestamp - _origin;
        return elapsed <= 0 ? 0 : elapsed / _frequency;
    }
}
