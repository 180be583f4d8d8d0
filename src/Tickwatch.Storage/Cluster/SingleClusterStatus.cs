namespace Tickwatch.Storage.Cluster;

/// <summary>Single mode's view of the cluster: this one instance, owning every partition, no lease in any store.</summary>
public sealed class SingleClusterStatus(IInstanceRegistry registry, IPartitionOwnership partitions, TimeProvider time) : IClusterStatus
{
    public async Task<ClusterSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var instances = await registry.ListAsync(ct).ConfigureAwait(false);
        return new ClusterSnapshot(
            registry.Self.Id,
            ClusterMode.Single,
            instances,
            [],
            [.. partitions.Owned.Order()],
            OrphanedWork: 0,
            LeaseChanges: 0,
            FencedWrites: 0,
            time.GetUtcNow());
    }
}
