namespace Tickwatch.Storage.Cluster;

/// <summary>Leased mode's view of the cluster: the live instances, every lease this instance competes for as the store sees it, and its counters.</summary>
public sealed class ClusterStatus(ClusterCoordinator coordinator, ILeaseStore leases, IPartitionOwnership partitions, TimeProvider time) : IClusterStatus
{
    public async Task<ClusterSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var instances = await coordinator.ListAsync(ct).ConfigureAwait(false);
        var live = instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var states = new List<LeaseState>();
        foreach (var name in coordinator.Wanted.OrderBy(n => n.ToString(), StringComparer.Ordinal))
        {
            states.Add(await leases.ReadAsync(name, ct).ConfigureAwait(false));
        }

        return new ClusterSnapshot(
            coordinator.InstanceId,
            ClusterMode.Leased,
            instances,
            states,
            [.. partitions.Owned.Order()],
            OrphanedWork: states.Count(s => s.Holder is null || !live.Contains(s.Holder)),
            coordinator.LeaseChanges,
            FencedWrites: 0,
            time.GetUtcNow());
    }
}
