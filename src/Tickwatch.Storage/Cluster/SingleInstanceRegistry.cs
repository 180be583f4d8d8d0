namespace Tickwatch.Storage.Cluster;

/// <summary>Single mode's registry: this instance is the only one, and writes no heartbeat.</summary>
public sealed class SingleInstanceRegistry : IInstanceRegistry
{
    private readonly TimeProvider _time;
    private readonly InstanceRecord _started;

    public SingleInstanceRegistry(string instanceId, string? url, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        var now = time.GetUtcNow();
        _started = new InstanceRecord(
            instanceId,
            InstanceRecord.MarketRole,
            url,
            now,
            now,
            ClusterMode.Single,
            new Dictionary<string, long>(),
            [.. Enumerable.Range(0, PartitionMap.DefaultPartitions)],
            [],
            ProviderConnected: false);
    }

    public InstanceRecord Self => _started with { HeartbeatAt = _time.GetUtcNow() };

    public Task<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<InstanceRecord>>([Self]);
    }
}
