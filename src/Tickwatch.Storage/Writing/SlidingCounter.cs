namespace Tickwatch.Storage.Writing;

/// <summary>Events per second over a sliding window of whole seconds, in per-second buckets on <see cref="TimeProvider"/> timestamps; any number of writers.</summary>
/// <remarks>The rate covers completed seconds only: exact for a steady flow, lagging by under a second.</remarks>
public sealed class SlidingCounter
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly long _frequency;
    private readonly int _windowSeconds;
    private readonly long[] _seconds;
    private readonly long[] _counts;

    public SlidingCounter(TimeProvider time, int windowSeconds = 10)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        _time = time;
        _origin = time.GetTimestamp();
        _frequency = time.TimestampFrequency;
        _windowSeconds = windowSeconds;
        _seconds = new long[windowSeconds + 1];
        _counts = new long[windowSeconds + 1];
        Array.Fill(_seconds, -1);
    }

    public int WindowSeconds => _windowSeconds;

    public void Add(long count) => Add(_time.GetTimestamp(), count);

    public void Add(long timestamp, long count)
    {
        var second = SecondOf(timestamp);
        var index = (int)(second % _seconds.Length);
        var seen = Volatile.Read(ref _seconds[index]);
        if (seen != second && Interlocked.CompareExchange(ref _seconds[index], second, seen) == seen)
        {
            Interlocked.Exchange(ref _counts[index], 0);
        }

        Interlocked.Add(ref _counts[index], count);
    }

    /// <summary>Average events per second over the completed seconds of the window ending now.</summary>
    public double PerSecond()
    {
        var current = SecondOf(_time.GetTimestamp());
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
            if (Volatile.Read(ref _seconds[index]) == second)
            {
                total += Volatile.Read(ref _counts[index]);
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
