namespace Tickwatch.Storage.Writing;

/// <summary>Latency percentiles over a sliding window, kept as a ring of per-slice histograms on <see cref="TimeProvider"/> timestamps.</summary>
/// <remarks>
/// Recording is lock-free. When a slice is recycled for a new period its counts are cleared by whichever
/// recorder gets there first; a sample recorded concurrently with that clearing may be lost, which a
/// diagnostic percentile tolerates.
/// </remarks>
public sealed class SlidingLatency
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly long _sliceTicks;
    private readonly LatencyHistogram[] _slices;
    private readonly long[] _periods;

    public SlidingLatency(TimeProvider time, TimeSpan window, int slices = 6)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _time = time;
        _origin = time.GetTimestamp();
        _sliceTicks = Math.Max(1, (long)(window.TotalSeconds * time.TimestampFrequency / slices));
        Window = window;
        _slices = new LatencyHistogram[slices];
        _periods = new long[slices];
        for (var i = 0; i < slices; i++)
        {
            _slices[i] = new LatencyHistogram();
            _periods[i] = -1;
        }
    }

    public TimeSpan Window { get; }

    public void Record(long micros) => Record(_time.GetTimestamp(), micros);

    public void Record(long timestamp, long micros)
    {
        var period = PeriodOf(timestamp);
        var index = (int)(period % _slices.Length);
        var seen = Volatile.Read(ref _periods[index]);
        if (seen != period && Interlocked.CompareExchange(ref _periods[index], period, seen) == seen)
        {
            _slices[index].Reset();
        }

        _slices[index].Record(micros);
    }

    /// <summary>Percentiles of the samples of the window ending now.</summary>
    public LatencySummary Summarize()
    {
        var current = PeriodOf(_time.GetTimestamp());
        var totals = new long[LatencyHistogram.BucketCount];
        for (var i = 0; i < _slices.Length; i++)
        {
            var period = Volatile.Read(ref _periods[i]);
            if (period >= 0 && period > current - _slices.Length && period <= current)
            {
                _slices[i].AddTo(totals);
            }
        }

        return LatencyHistogram.Summarize(totals);
    }

    /// <summary>Forgets every sample (for measurements that start a new phase).</summary>
    public void Reset()
    {
        for (var i = 0; i < _slices.Length; i++)
        {
            Volatile.Write(ref _periods[i], -1);
            _slices[i].Reset();
        }
    }

    private long PeriodOf(long timestamp) => Math.Max(0, timestamp - _origin) / _sliceTicks;
}
