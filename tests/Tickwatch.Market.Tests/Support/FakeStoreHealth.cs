using Tickwatch.Storage.Health;

namespace Tickwatch.Market.Tests.Support;

/// <summary>A store whose answer the test sets: reachable or not, with a latency and cluster state.</summary>
internal sealed class FakeStoreHealth(StoreKind kind = StoreKind.RedisCluster) : IStoreHealth
{
    private volatile StoreProbe _probe = new(true, TimeSpan.FromMilliseconds(2.1), "ok", "PONG");
    private int _probes;

    public StoreKind Kind => kind;

    public int Probes => Volatile.Read(ref _probes);

    public Task<StoreProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _probes);
        return Task.FromResult(_probe);
    }

    public FakeStoreHealth Unreachable(string reason = "connection refused (127.0.0.1:7000)")
    {
        _probe = new StoreProbe(false, null, null, reason);
        return this;
    }

    public FakeStoreHealth Reachable(double latencyMs = 2.1)
    {
        _probe = new StoreProbe(true, TimeSpan.FromMilliseconds(latencyMs), "ok", "PONG");
        return this;
    }
}
