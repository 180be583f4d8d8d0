namespace Tickwatch.Hosting.Supervision;

/// <summary>Delays between restarts of one faulting service: doubling from the initial delay up to the maximum.</summary>
/// <remarks>No jitter: each service restarts on its own schedule, so there is no crowd of clients to spread out.</remarks>
internal sealed class RestartBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public RestartBackoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max;
        _next = initial;
    }

    public TimeSpan Next()
    {
        var delay = _next < _max ? _next : _max;
        _next = delay >= _max / 2 ? _max : delay * 2;
        return delay;
    }

    public void Reset() => _next = _initial;
}
