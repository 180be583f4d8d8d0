namespace Tickwatch.Core.Diagnostics;

/// <summary>Events per second over a sliding window of whole seconds, counted in per-second buckets on <see cref="TimeProvider"/> timestamps.</summary>
/// <remarks>
/// Any number of writers and readers, no lock and no allocation. A bucket changes second by compare-and-swap;
/// a reader that races a bucket being recycled skips it rather than read a count under the wrong second.
/// The rate covers only completed seconds, so it is exact for a steady flow and lags by under a second.
/// </remarks>
public sealed class SlidingRate
{
    private const long NoSecond = -1;

    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly long _frequency;
    private readonly long[] _seconds;
    private readonly long[] _counts;

    public SlidingRate(TimeProvider timeProvider, int windowSeconds = 10)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _frequency = timeProvider.TimestampFrequency;
        WindowSeconds = windowSeconds;

        // The window's completed seconds plus the one in progress.
        _seconds = new long[windowSeconds + 1];
        _counts = new long[windowSeconds + 1];
        Array.Fill(_seconds, NoSecond);
    }

    /// <summary>Length of the window in seconds.</summary>
    public int WindowSeconds { get; }

    /// <summary>Records <paramref name="count"/> events now.</summary>
    public void Add(long count) => Add(_timeProvider.GetTimestamp(), count);

    /// <summary>Records <paramref name="count"/> events at <paramref name="timestamp"/> (from <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Add(long timestamp, long count)
    {
        var second = SecondOf(timestamp);
        var index = (int)(second % _seconds.Length);
        var seen = Volatile.Read(ref _seconds[index]);
        if (seen != second && Interlocked.CompareExchange(ref _seconds[index], NoSecond, seen) == seen)
        {
            // This writer recycles the bucket: reset it while it belongs to no second, then claim it.
            Interlocked.Exchange(ref _counts[index], 0);
            Volatile.Write(ref _seconds[index], second);
        }

        Interlocked.Add(ref _counts[index], count);
    }

    /// <summary>Average events per second over the completed seconds of the window ending now.</summary>
    public double PerSecond() => PerSecond(_timeProvider.GetTimestamp());

    /// <summary>Average events per second over the completed seconds of the window ending at <paramref name="timestamp"/>.</summary>
    public double PerSecond(long timestamp)
    {
        var current = SecondOf(timestamp);
        var first = Math.Max(0, current - WindowSeconds);
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
