namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// When one client's next message of prices may go: a slot one <see cref="StreamOptions.SendInterval"/> after the last
/// (fixed pacing), or one gap after the last, the gap growing from <see cref="StreamOptions.MinSendGap"/> to
/// <see cref="StreamOptions.MaxBatchDelay"/> with the gateway's load (adaptive): a client whose last message is a gap
/// old or older is sent at once.
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

    // The last slot taken (when the last message was due); 0 before the first. Adaptive pacing takes a slot only when a
    // message goes in it (_offered until then): a look that found nothing new must not hold back the next price.
    private long _last;
    private long _offered;

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
    public TimeSpan NextWait(bool behind)
    {
        if (!_adaptive)
        {
            // Fixed: as before adaptive pacing, a look at the slot takes it whether or not a message goes in it.
            var wait = NextSlot(_interval, out var slot);
            _last = slot;
            return wait;
        }

        return NextSlot(_minGap + (long)((_maxDelay - _minGap) * (behind ? 1 : _load.Factor)), out _offered);
    }

    /// <summary>
    /// A message of prices went out in the slot last offered and took <paramref name="took"/>, the socket taking it at once
    /// or not (<paramref name="atOnce"/>); says whether that left the client behind: only a send that waited for the socket
    /// to drain, and long. A send the socket took at once but whose continuation waited for a busy pool is the gateway's
    /// load, which the load factor already spaces; counting it too put quiet clients at the ceiling.
    /// </summary>
    public bool Sent(TimeSpan took, bool atOnce = false)
    {
        if (_adaptive)
        {
            _last = _offered;
        }

        return !atOnce && took > _behindAfter;
    }

    private static long Ticks(TimeSpan span, TimeProvider time) => (long)(span.TotalSeconds * time.TimestampFrequency);

    /// <remarks>
    /// Prices that arrive meanwhile only make the batch newer. Slots keep their phase when a batch is late (a GC pause,
    /// a busy moment, a thread pool behind), so a loaded gateway keeps its cadence and a thousand clients' sends stay
    /// spread over the interval instead of bunching into one burst. A client idle for longer than the interval is sent at once.
    /// </remarks>
    private TimeSpan NextSlot(long interval, out long slot)
    {
        var now = _time.GetTimestamp();
        if (_last == 0 || interval == 0)
        {
            slot = now;
            return TimeSpan.Zero;
        }

        slot = _last + interval;
        if (slot > now)
        {
            return _time.GetElapsedTime(now, slot);
        }

        // Late by less than an interval: keep the phase. Idle for longer: this price starts a new one.
        slot = now - slot < interval ? slot : now;
        return TimeSpan.Zero;
    }
}
