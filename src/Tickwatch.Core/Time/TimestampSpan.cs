namespace Tickwatch.Core.Time;

/// <summary>Converts durations to <see cref="TimeProvider.GetTimestamp"/> units once, so hot paths compare plain longs.</summary>
public static class TimestampSpan
{
    // Far beyond any real duration, and small enough that adding a timestamp cannot overflow.
    private const long Ceiling = long.MaxValue / 4;

    /// <summary><paramref name="duration"/> in units of <paramref name="frequency"/> per second; 0 for none, capped far below overflow.</summary>
    public static long From(TimeSpan duration, long frequency)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var units = duration.TotalSeconds * frequency;
        return units >= Ceiling ? Ceiling : (long)units;
    }
}
