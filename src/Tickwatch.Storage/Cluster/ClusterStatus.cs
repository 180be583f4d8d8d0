using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage.Cluster;

/// <summary>Leased mode's view of the cluster: the live instances, every lease this instance competes for and every partition lease as the store sees them, and its counters.</summary>
public sealed class ClusterStatus(
    ClusterCoordinator coordinator, ILeaseStore leases, IPartitionOwnership partitions, TimeProvider time, PriceStoreWriter? writer = null) : IClusterStatus
{
    public async Task<ClusterSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var instances = await coordinator.ListAsync(ct).ConfigureAwait(false);
        var live = instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

        // Every partition is listed, held here or not: a partition nobody holds is work nobody does.
        var names = coordinator.Wanted
            .Concat(Enumerable.Range(0, partitions.Partitions).Select(LeaseName.Partition))
            .Distinct()
            .OrderBy(n => n.Kind)
            .ThenBy(n => n.Kind == LeaseKind.Partition ? n.Value.PadLeft(8, '0') : n.Value, StringComparer.Ordinal);
        var states = new List<LeaseState>();
        foreach (var name in names)
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
            FencedWrites: writer?.GetStatistics().RefusedFenced ?? 0,
            time.GetUtcNow());
    }
}
