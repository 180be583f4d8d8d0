namespace Tickwatch.Storage.Cluster;

/// <summary>Where instances write their heartbeats and read each other's: an entry lives for its TTL unless written again.</summary>
public interface IInstanceDirectory
{
    /// <summary>Writes <paramref name="self"/>'s heartbeat, to live <paramref name="ttl"/>.</summary>
    Task BeatAsync(InstanceRecord self, TimeSpan ttl, CancellationToken ct);

    /// <summary>Every instance whose heartbeat is alive, by id; entries whose heartbeat is gone are pruned.</summary>
    Task<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken ct);

    /// <summary>Removes an instance's heartbeat at once (a graceful stop).</summary>
    Task RemoveAsync(string instanceId, CancellationToken ct);
}
