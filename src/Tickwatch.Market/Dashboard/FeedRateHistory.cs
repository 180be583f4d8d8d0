using Tickwatch.Feeds.Listening;

namespace Tickwatch.Market.Dashboard;

/// <summary>
/// Each feed's message rate and connection state, and the trading engine's refusals and fills per second, over the
/// last few minutes, one point per sample: the dashboard's charts and its refusal rate.
/// </summary>
/// <remarks>
/// A point's rate is the count since the previous sample over the time between them, so a stalled feed drops to 0
/// at the next point instead of fading out of a sliding average. Kept in memory, oldest points overwritten; thread-safe.
/// </remarks>
public sealed class FeedRateHistory
{
    private const int RateDecimals = 2;

    private readonly Lock _gate = new();
    private readonly Sample[] _ring;
    private readonly double _intervalSeconds;
    private int _next;
    private int _count;
    private DateTimeOffset? _previousAt;
    private Dictionary<string, long> _previousTotals = new(StringComparer.Ordinal);
    private TradingReading? _previousTrading;

    public FeedRateHistory(int capacity, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _ring = new Sample[capacity];
        _intervalSeconds = interval.TotalSeconds;
    }

    /// <summary>Points kept at most.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Adds a point from each feed's running total and the engine's at <paramref name="at"/>; the first reading (or one after the clock went back) only sets the baseline.</summary>
    public void Record(DateTimeOffset at, IReadOnlyList<FeedReading> readings, TradingReading? trading = null)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var totals = new Dictionary<string, long>(readings.Count, StringComparer.Ordinal);
        foreach (var reading in readings)
        {
            totals[reading.Feed] = reading.MessagesReceived;
        }

        lock (_gate)
        {
            var elapsed = _previousAt is { } previous ? (at - previous).TotalSeconds : 0;
            if (elapsed > 0)
            {
                var points = new FeedPoint[readings.Count];
                for (var i = 0; i < readings.Count; i++)
                {
                    var reading = readings[i];
                    double? rate = _previousTotals.TryGetValue(reading.Feed, out var before)
                        ? Math.Round(Math.Max(0, reading.MessagesReceived - before) / elapsed, RateDecimals)
                        : null;
                    points[i] = new FeedPoint(reading.Feed, rate, reading.State);
                }

                TradingPoint? tradingPoint = trading is { } current && _previousTrading is { } earlier
                    ? new TradingPoint(Math.Max(0, current.Refusals - earlier.Refusals), Math.Max(0, current.Fills - earlier.Fills), elapsed)
                    : null;
                _ring[_next] = new Sample(at, points, tradingPoint);
                _next = (_next + 1) % _ring.Length;
                _count = Math.Min(_count + 1, _ring.Length);
            }

            _previousAt = at;
            _previousTotals = totals;
            _previousTrading = trading;
        }
    }

    /// <summary>The points kept, oldest first, as one column per series.</summary>
    public FeedRateHistoryView Read()
    {
        Sample[] samples;
        lock (_gate)
        {
            samples = new Sample[_count];
            var first = (_next - _count + _ring.Length) % _ring.Length;
            for (var i = 0; i < _count; i++)
            {
                samples[i] = _ring[(first + i) % _ring.Length];
            }
        }

        var times = new double[samples.Length];
        var feeds = new Dictionary<string, (double?[] Rates, FeedConnectionState?[] States)>(StringComparer.Ordinal);
        for (var i = 0; i < samples.Length; i++)
        {
            times[i] = samples[i].At.ToUnixTimeMilliseconds() / 1000.0;
            foreach (var point in samples[i].Points)
            {
                if (!feeds.TryGetValue(point.Feed, out var series))
                {
                    series = (new double?[samples.Length], new FeedConnectionState?[samples.Length]);
                    feeds.Add(point.Feed, series);
                }

                series.Rates[i] = point.MessagesPerSecond;
                series.States[i] = point.State;
            }
        }

        return new FeedRateHistoryView(
            _intervalSeconds,
            times,
            feeds.ToDictionary(f => f.Key, f => new FeedRateSeries(f.Value.Rates, f.Value.States), StringComparer.Ordinal),
            Trading(samples));
    }

    private static TradingRateSeries Trading(Sample[] samples)
    {
        var refusals = new double?[samples.Length];
        var fills = new double?[samples.Length];
        long refusalCount = 0, fillCount = 0;
        double window = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            if (samples[i].Trading is not { } point)
            {
                continue;
            }

            refusals[i] = Math.Round(point.Refusals / point.Seconds, RateDecimals);
            fills[i] = Math.Round(point.Fills / point.Seconds, RateDecimals);
            refusalCount += point.Refusals;
            fillCount += point.Fills;
            window += point.Seconds;
        }

        return new TradingRateSeries(refusals, fills, refusalCount, fillCount, Math.Round(window, 3));
    }

    private sealed record Sample(DateTimeOffset At, FeedPoint[] Points, TradingPoint? Trading);

    // Counts rather than rates, so the window's sums are exact.
    private readonly record struct TradingPoint(long Refusals, long Fills, double Seconds);

    private readonly record struct FeedPoint(string Feed, double? MessagesPerSecond, FeedConnectionState State);
}
