namespace Tickwatch.Core.Resilience;

/// <summary>Exponential reconnect delays with full jitter: each delay is drawn uniformly from [0, min(max, initial × 2^attempt)).</summary>
/// <remarks>
/// Full jitter spreads the reconnects of many clients after a hub restart instead of
/// synchronising them. Not thread-safe: one instance per reconnect loop.
/// </remarks>
public sealed class ReconnectBackoff
{
    // 2^62 × any positive tick count already exceeds TimeSpan.MaxValue, so larger exponents change nothing.
    private const int MaxExponent = 62;

    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, TimeSpan.Zero);
        _initial = initial;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>Number of delays drawn since the last <see cref="Reset"/>.</summary>
    public int Attempt { get; private set; }

    /// <summary>Upper bound of the next delay: min(max, initial × 2^attempt).</summary>
    public TimeSpan CurrentBound => BoundFor(Attempt);

    /// <summary>Upper bound of the delay drawn at <paramref name="attempt"/> (0 for the first).</summary>
    public TimeSpan BoundFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var scaled = _initial.Ticks * Math.Pow(2, Math.Min(attempt, MaxExponent));
        return scaled >= _max.Ticks ? _max : TimeSpan.FromTicks((long)scaled);
    }

    /// <summary>Draws the next delay and moves to the next attempt.</summary>
    public TimeSpan NextDelay()
    {
        var bound = CurrentBound;
        if (Attempt < int.MaxValue)
        {
            Attempt++;
        }

        return TimeSpan.FromTicks((long)(_random.NextDouble() * bound.Ticks));
    }

    /// <summary>Starts again from the initial delay (after a connection that delivered data).</summary>
    public void Reset() => Attempt = 0;
}
