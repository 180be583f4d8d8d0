namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Turns the feeds' running totals of failed connection attempts into failures per hour over the last hour (the guide's "&lt; 5/hour").</summary>
/// <remarks>
/// Totals are recorded whenever diagnostics are read (at most one kept per half minute) and compared with the newest
/// reading at least an hour old. Without one, the comparison is with the start, when every total was 0: within the
/// first hour that is the count so far, later it is the average per hour since the start.
/// </remarks>
public sealed class FeedFailureHistory
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinSpacing = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly DateTimeOffset _countingSince;
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset At, IReadOnlyDictionary<string, long> Totals)> _readings = [];

    /// <param name="time">The clock.</param>
    /// <param name="countingSince">When the totals were 0: the start of the process.</param>
    public FeedFailureHistory(TimeProvider time, DateTimeOffset countingSince)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _countingSince = countingSince;
    }

    /// <summary>Records each feed's total and returns its failures per hour over the last hour.</summary>
    public IReadOnlyDictionary<string, double> Record(IReadOnlyDictionary<string, long> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var baseline = _readings.FindLastIndex(r => r.At <= now - Hour);
            var (since, before) = baseline >= 0 ? _readings[baseline] : (_countingSince, new Dictionary<string, long>());
            var window = now - since;
            var rates = totals.ToDictionary(
                t => t.Key,
                t => PerHour(Math.Max(0, t.Value - before.GetValueOrDefault(t.Key)), window),
                StringComparer.Ordinal);

            // Readings older than the baseline are never needed again.
            if (baseline > 0)
            {
                _readings.RemoveRange(0, baseline);
            }

            if (_readings.Count == 0 || now - _readings[^1].At >= MinSpacing)
            {
                _readings.Add((now, new Dictionary<string, long>(totals, StringComparer.Ordinal)));
            }

            return rates;
        }
    }

    private static double PerHour(long failures, TimeSpan window) =>
        window <= Hour ? failures : Math.Round(failures * Hour.TotalSeconds / window.TotalSeconds, 2);
}
