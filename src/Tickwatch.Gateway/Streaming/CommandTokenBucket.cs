namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// A stream client's command rate: a token bucket of <c>burst</c> commands refilled at <c>perSecond</c>, on the injected clock.
/// </summary>
/// <remarks>Used only by the client's receive loop, one command at a time: no locking.</remarks>
internal sealed class CommandTokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly double _burst;
    private double _tokens;
    private long _refilledAt;

    public CommandTokenBucket(TimeProvider time, int perSecond, int burst)
    {
        _time = time;
        _perSecond = perSecond;
        _burst = burst;
        _tokens = burst;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>
    /// Takes one command's token if there is one. <paramref name="wasFull"/> says the bucket was full before it: the
    /// client has kept under the rate long enough for its refusals so far to be forgiven.
    /// </summary>
    public bool TryTake(out bool wasFull)
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond));
        _refilledAt = now;
        wasFull = _tokens >= _burst;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
