namespace Tickwatch.Storage.Cluster;

/// <summary>The cluster as this instance sees it at one moment, for diagnostics and the dashboard.</summary>
/// <param name="InstanceId">This instance.</param>
/// <param name="Mode">Its cluster mode.</param>
/// <param name="Instances">The live instances.</param>
/// <param name="Leases">Every lease this instance knows of, as the store sees it.</param>
/// <param name="OwnedPartitions">The account partitions this instance owns.</param>
/// <param name="OrphanedWork">Feed, partition and job leases with no live holder.</param>
/// <param name="LeaseChanges">Leases this instance acquired, lost or released since it started.</param>
/// <param name="FencedWrites">Price writes of this instance refused by a fence since it started.</param>
/// <param name="At">When the snapshot was taken.</param>
public sealed record ClusterSnapshot(
    string InstanceId,
    ClusterMode Mode,
    IReadOnlyList<InstanceRecord> Instances,
    IReadOnlyList<LeaseState> Leases,
    IReadOnlyList<int> OwnedPartitions,
    int OrphanedWork,
    long LeaseChanges,
    long FencedWrites,
    DateTimeOffset At);
