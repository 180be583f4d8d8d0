namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// When one client's next message of prices may go: a slot one <see cref="StreamOptions.SendInterval"/> after the last
/// (fixed pacing), or at once when its last message went out at least a gap ago, the gap growing from
/// <see cref="StreamOptions.MinSendGap"/> to <see cref="StreamOptions.MaxBatchDelay"/> with the gateway's load (adaptive).
/// </summary>
/// <remarks>Used only by the client's send loop, one call at a time.</remarks>
internal sealed class SendPacer
{
    private readonly TimeProvider _time;
    private readonly StreamLoad _load;
    private readonly bool _adaptive;
    private readonly long _interval;
    private readonly long _minGap;
    private readonly long _maxDelay;
    private readonly TimeSpan _behindAfter;

    // Fixed: the last slot taken. Adaptive: when the last message went out. 0 before the first.
    private long _last;

    public SendPacer(StreamOptions options, TimeProvider time, StreamLoad load)
    {
        _time = time;
        _load = load;
        _adaptive = options.EffectivePacing() == StreamPacing.Adaptive;
        _interval = Ticks(options.FixedInterval(), time);
        _minGap = Ticks(options.MinSendGap, time);
        _maxDelay = Math.Max(_minGap, Ticks(options.MaxBatchDelay, time));

        // A send that takes longer than the gap (at least a millisecond) means the client's socket no longer drains at once.
        _behindAfter = options.MinSendGap > TimeSpan.FromMilliseconds(1) ? options.MinSendGap : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>Whether the send loop keeps reading its symbols itself while they change (any spacing at all) instead of waiting to be woken.</summary>
    public bool KeepsReading => _adaptive ? _maxDelay > 0 : _interval > 0;

    /// <summary>
    /// How long the next message waits; <paramref name="behind"/> when the client has other messages queued or its last
    /// send took long (adaptive: as if the gateway were fully loaded).
    /// </summary>
    public TimeSpan NextWait(bool behind) => _adaptive ? NextGap(behind) : NextSlot();

    /// <summary>A message of prices went out (and took <paramref name="took"/>); says whether that left the client behind.</summary>
    public bool Sent(TimeSpan took)
    {
        if (_adaptive)
        {
            _last = _time.GetTimestamp();
        }

        return took > _behindAfter;
    }

    private static long Ticks(TimeSpan span, TimeProvider time) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private TimeSpan NextGap(bool behind)
    {
        if (_last == 0)
        {
            return TimeSpan.Zero;
        }

        var factor = behind ? 1 : _load.Factor;
        var due = _last + _minGap + (long)((_maxDelay - _minGap) * factor);
        var now = _time.GetTimestamp();
        return due > now ? _time.GetElapsedTime(now, due) : TimeSpan.Zero;
    }

    /// <remarks>
    /// Prices that arrive meanwhile only make the batch newer. Slots keep their phase when a batch is late (a GC pause,
    /// a busy moment), so a thousand clients' sends stay spread over the interval instead of bunching into one burst.
    /// </remarks>
    private TimeSpan NextSlot()
    {
        var now = _time.GetTimestamp();
        if (_last == 0 || _interval == 0)
        {
            _last = now;
            return TimeSpan.Zero;
        }

        var slot = _last + _interval;
        if (slot > now)
        {
            _last = slot;
            return _time.GetElapsedTime(now, slot);
        }

        // Late by less than an interval: keep the phase. Idle for longer: this price starts a new one.
        _last = now - slot < _interval ? slot : now;
        return TimeSpan.Zero;
    }
}
