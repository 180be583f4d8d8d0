namespace Tickwatch.BenchSupport;

/// <summary>
/// Latencies recorded from many threads without locks: 10 µs buckets up to 1 s, then 1 ms buckets up to 120 s
/// (anything longer counts as 120 s). Percentiles are bucket upper bounds, so never flattering. A record touches only its
/// bucket (and the maximum when it grows): no counter that every client thread would write.
/// </summary>
public sealed class LatencyHistogram
{
    private const long FineMicros = 10;
    private const long FineLimitMicros = 1_000_000;
    private const long CoarseMicros = 1_000;
    private const long LimitMicros = 120_000_000;
    private const int FineBuckets = (int)(FineLimitMicros / FineMicros);

    private readonly long[] _buckets = new long[FineBuckets + (int)((LimitMicros - FineLimitMicros) / CoarseMicros) + 1];
    private long _maxMicros;

    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                total += Interlocked.Read(ref _buckets[i]);
            }

            return total;
        }
    }

    public void Record(TimeSpan latency)
    {
        var micros = Math.Clamp((long)latency.TotalMicroseconds, 0, LimitMicros);
        var index = micros < FineLimitMicros ? (int)(micros / FineMicros) : FineBuckets + (int)((micros - FineLimitMicros) / CoarseMicros);
        Interlocked.Increment(ref _buckets[index]);
        var max = Volatile.Read(ref _maxMicros);
        while (micros > max && Interlocked.CompareExchange(ref _maxMicros, micros, max) != max)
        {
            max = Interlocked.Read(ref _maxMicros);
        }
    }

    /// <summary>Forgets everything recorded (not safe against concurrent records: call it before they start).</summary>
    public void Reset()
    {
        Array.Clear(_buckets);
        Interlocked.Exchange(ref _maxMicros, 0);
    }

    public double MaxMilliseconds => Interlocked.Read(ref _maxMicros) / 1000.0;

    /// <summary>The latency in milliseconds under which <paramref name="percent"/> % of the recorded ones fall.</summary>
    public double Percentile(double percent)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(total * percent / 100.0);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                var upperMicros = i < FineBuckets ? (i + 1) * FineMicros : FineLimitMicros + ((i - FineBuckets + 1) * CoarseMicros);
                return Math.Min(upperMicros, Interlocked.Read(ref _maxMicros)) / 1000.0;
            }
        }

        return MaxMilliseconds;
    }
}
