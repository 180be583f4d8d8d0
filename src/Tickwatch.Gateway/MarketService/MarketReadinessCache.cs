namespace Tickwatch.Gateway.MarketService;

/// <summary>
/// The market service's last readiness answer, kept for <see cref="Hosting.GatewayOptions.MarketReadinessCacheTime"/>:
/// however many callers probe <c>/market/health/ready</c>, the market service (a Redis PING, CLUSTER commands and a
/// probe write each time) gets one call per that time, and callers that come while it is asked share that one call.
/// </summary>
public sealed class MarketReadinessCache
{
    private readonly Func<string, CancellationToken, Task<MarketServiceProbe>> _probe;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly Lock _gate = new();
    private Task<MarketServiceProbe>? _pending;
    private MarketServiceProbe? _last;
    private long _lastAt;
    private long _calls;

    /// <param name="probe">Asks the market service (<see cref="MarketServiceClient.ProbeAsync"/>) with a correlation id; never throws for a market service that is down.</param>
    /// <param name="time">The clock the answer's age is read from.</param>
    /// <param name="lifetime">How long an answer is served.</param>
    public MarketReadinessCache(Func<string, CancellationToken, Task<MarketServiceProbe>> probe, TimeProvider time, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(time);
        _probe = probe;
        _time = time;
        _lifetime = lifetime;
    }

    /// <summary>Calls made to the market service.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>The last answer while it is younger than the lifetime; else the answer of one new call (shared by everyone who asks meanwhile).</summary>
    /// <param name="correlationId">Carried by the call when this request makes it.</param>
    /// <param name="cancellationToken">Stops this caller's wait, never the shared call (it has its own timeout).</param>
    public Task<MarketServiceProbe> GetAsync(string correlationId, CancellationToken cancellationToken)
    {
        Task<MarketServiceProbe> pending;
        lock (_gate)
        {
            if (_last is { } last && _time.GetElapsedTime(_lastAt) < _lifetime)
            {
                return Task.FromResult(last);
            }

            pending = _pending ??= CallAsync(correlationId);
        }

        return pending.WaitAsync(cancellationToken);
    }

    private async Task<MarketServiceProbe> CallAsync(string correlationId)
    {
        // Returns to the caller first, so that _pending is set before the finally below clears it.
        await Task.Yield();
        Interlocked.Increment(ref _calls);
        try
        {
            var probe = await _probe(correlationId, CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _last = probe;
                _lastAt = _time.GetTimestamp();
            }

            return probe;
        }
        finally
        {
            lock (_gate)
            {
                _pending = null;
            }
        }
    }
}
