namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// Decides when each symbol ticks: independent Poisson processes (exponential gaps) at the
/// instrument's rate times the multiplier, on <see cref="TimeProvider"/> timestamps. Not thread-safe.
/// </summary>
internal sealed class TickScheduler
{
    private readonly double[] _baseRates;
    private readonly long[] _nextDue;
    private readonly int[] _dueCounts;
    private readonly Random _random;
    private readonly long _frequency;
    private readonly long _maxBacklog;

    /// <param name="baseRates">Ticks per second of each symbol at multiplier 1.</param>
    /// <param name="random">Shared with the price model; the engine serialises both.</param>
    /// <param name="frequency">Timestamp units per second.</param>
    /// <param name="maxBacklog">After a stall longer than this, the ticks missed beyond it are skipped rather than sent in one burst.</param>
    public TickScheduler(IReadOnlyList<double> baseRates, Random random, long frequency, TimeSpan maxBacklog)
    {
        _baseRates = [.. baseRates];
        _nextDue = new long[_baseRates.Length];
        _dueCounts = new int[_baseRates.Length];
        _random = random;
        _frequency = frequency;
        _maxBacklog = checked((long)(maxBacklog.TotalSeconds * frequency));
    }

    public double Multiplier { get; private set; } = double.NaN;

    /// <summary>How many ticks of symbol <paramref name="index"/> fell due in the last <see cref="CollectDue"/>.</summary>
    public int DueCount(int index) => _dueCounts[index];

    /// <summary>Changes the rate and redraws every symbol's next tick from <paramref name="now"/>.</summary>
    public void SetMultiplier(double multiplier, long now)
    {
        Multiplier = multiplier;
        for (var i = 0; i < _nextDue.Length; i++)
        {
            _nextDue[i] = Next(i, now);
        }
    }

    /// <summary>Counts the ticks due up to <paramref name="now"/> per symbol and schedules the next ones.</summary>
    /// <returns>The largest count of any symbol (the number of passes needed to send them without repeating a symbol in a frame).</returns>
    public int CollectDue(long now)
    {
        var floor = now - _maxBacklog;
        var max = 0;
        for (var i = 0; i < _nextDue.Length; i++)
        {
            var due = _nextDue[i];
            if (due < floor)
            {
                due = floor;
            }

            var count = 0;
            while (due <= now)
            {
                count++;
                due = Next(i, due);
            }

            _nextDue[i] = due;
            _dueCounts[i] = count;
            max = Math.Max(max, count);
        }

        return max;
    }

    private long Next(int index, long from)
    {
        var rate = _baseRates[index] * Multiplier;
        if (!(rate > 0))
        {
            return long.MaxValue;
        }

        // Exponential gap; 1 - U keeps the logarithm finite. At least one unit, so time always advances.
        var seconds = -Math.Log(1.0 - _random.NextDouble()) / rate;
        var gap = Math.Max(1, (long)Math.Min(seconds * _frequency, long.MaxValue / 4.0));
        return from > long.MaxValue - gap ? long.MaxValue : from + gap;
    }
}
