using System.Numerics;

namespace Tickwatch.Storage.Writing;

/// <summary>Counts latencies in microseconds in log-linear buckets (16 per power of two, under 6.25 % error); lock-free.</summary>
/// <remarks>Values below 16 µs are exact; larger ones fall in buckets whose width is 1/16 of their power of two; values beyond ~12 days are clamped.</remarks>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 4;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int MaxExponent = 40;

    /// <summary>Number of buckets: the exact ones below 16 µs, then 16 per power of two up to 2^40 µs.</summary>
    public const int BucketCount = SubBuckets + ((MaxExponent - SubBucketBits + 1) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];

    public void Record(long micros)
    {
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
    }

    /// <summary>Adds this histogram's counts to <paramref name="totals"/> (length <see cref="BucketCount"/>).</summary>
    public void AddTo(long[] totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        for (var i = 0; i < _counts.Length; i++)
        {
            totals[i] += Volatile.Read(ref _counts[i]);
        }
    }

    public void Reset()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Volatile.Write(ref _counts[i], 0);
        }
    }

    public LatencySummary Summarize()
    {
        var totals = new long[BucketCount];
        AddTo(totals);
        return Summarize(totals);
    }

    /// <summary>Percentiles of bucket counts; each is the upper bound of the bucket it falls in, in milliseconds.</summary>
    public static LatencySummary Summarize(long[] totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        long count = 0;
        var highest = -1;
        for (var i = 0; i < totals.Length; i++)
        {
            count += totals[i];
            highest = totals[i] > 0 ? i : highest;
        }

        if (count == 0)
        {
            return LatencySummary.Empty;
        }

        return new LatencySummary(count, Percentile(totals, count, 0.50), Percentile(totals, count, 0.90),
            Percentile(totals, count, 0.99), Percentile(totals, count, 0.999), Milliseconds(UpperBound(highest)));
    }

    internal static int IndexOf(long micros)
    {
        if (micros < SubBuckets)
        {
            return micros <= 0 ? 0 : (int)micros;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)micros);
        if (exponent > MaxExponent)
        {
            return BucketCount - 1;
        }

        var shift = exponent - SubBucketBits;
        var sub = (int)(micros >> shift) - SubBuckets;
        return SubBuckets + (shift * SubBuckets) + sub;
    }

    /// <summary>The largest value (µs) that falls in bucket <paramref name="index"/>.</summary>
    internal static long UpperBound(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = (index - SubBuckets) / SubBuckets;
        var sub = (index - SubBuckets) % SubBuckets;
        return ((long)(SubBuckets + sub + 1) << shift) - 1;
    }

    private static double Percentile(long[] totals, long count, double fraction)
    {
        var rank = (long)Math.Ceiling(fraction * count);
        long seen = 0;
        for (var i = 0; i < totals.Length; i++)
        {
            seen += totals[i];
            if (seen >= rank)
            {
                return Milliseconds(UpperBound(i));
            }
        }

        return Milliseconds(UpperBound(totals.Length - 1));
    }

    private static double Milliseconds(long micros) => Math.Round(micros / 1000.0, 3);
}
