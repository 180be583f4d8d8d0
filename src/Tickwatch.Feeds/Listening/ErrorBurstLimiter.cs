using Tickwatch.Core.Time;
namespace Tickwatch.Feeds.Listening;

/// <summary>Decides which errors of a burst get logged: the first of each burst window, and then a count of the ones held back.</summary>
/// <remarks>
/// A feed that turns bad can fail every frame; logging each one would flood the log and
/// hide everything else. The window is fixed from the burst's first error, so a lasting
/// fault still shows up once per window. Not thread-safe: one instance per receive loop.
/// </remarks>
public sealed class ErrorBurstLimiter
{
    private readonly long _windowTicks;
    private bool _inBurst;
    private long _burstStart;
    private long _suppressed;

    /// <param name="timestampFrequency">Units per second of the timestamps passed in (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    /// <param name="window">How long after a logged error further errors are only counted.</param>
    public ErrorBurstLimiter(long timestampFrequency, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timestampFrequency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        Window = window;
        _windowTicks = TimestampSpan.From(window, timestampFrequency);
    }

    public TimeSpan Window { get; }

    /// <summary>Errors held back in the current burst so far.</summary>
    public long Suppressed => _suppressed;

    /// <summary>
    /// Records an error at <paramref name="timestamp"/>. Returns true when it starts a new burst and should be logged;
    /// <paramref name="endedBurstSuppressed"/> is then the number held back in the burst that just ended (0 if none).
    /// </summary>
    public bool OnError(long timestamp, out long endedBurstSuppressed)
    {
        if (_inBurst && timestamp - _burstStart < _windowTicks)
        {
            _suppressed++;
            endedBurstSuppressed = 0;
            return false;
        }

        endedBurstSuppressed = _inBurst ? _suppressed : 0;
        _inBurst = true;
        _burstStart = timestamp;
        _suppressed = 0;
        return true;
    }

    /// <summary>
    /// Ends a burst whose window has passed without a new error. Returns true when errors were held back in it,
    /// with their number in <paramref name="suppressed"/>, so the caller can log the summary without waiting for the next error.
    /// </summary>
    public bool TryEndBurst(long timestamp, out long suppressed)
    {
        suppressed = 0;
        if (!_inBurst || timestamp - _burstStart < _windowTicks)
        {
            return false;
        }

        suppressed = _suppressed;
        _inBurst = false;
        _suppressed = 0;
        return suppressed > 0;
    }
}
