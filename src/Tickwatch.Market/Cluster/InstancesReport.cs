using System.Globalization;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Cluster;

/// <summary>The body of <c>GET /api/debug/instances</c> and the comprehensive report's <c>instances</c> section: the cluster as this instance sees it.</summary>
/// <param name="InstanceId">This instance.</param>
/// <param name="Mode"><c>single</c> or <c>leased</c>.</param>
/// <param name="At">When the cluster was read.</param>
/// <param name="Instances">Every live instance (the registry); in single mode this one.</param>
/// <param name="Leases">Every lease this instance sees: its feeds', the jobs' and every partition's; none in single mode.</param>
/// <param name="Partitions">Each account partition (<c>"0"</c>–<c>"15"</c>) and the instance holding it, null when nobody does.</param>
/// <param name="OwnedPartitions">The partitions this instance owns.</param>
/// <param name="MarketInstances">Live market instances.</param>
/// <param name="OrphanedWork">Feed, partition and job leases with no live holder.</param>
/// <param name="LeaseChanges">Leases this instance acquired, lost or released since it started.</param>
/// <param name="FencedWrites">Price writes of this instance refused by a fence since it started.</param>
/// <param name="LastLeaseLostAt">When this instance last lost a lease (a hand-over to the desired owner is not a loss); null when never or in single mode.</param>
/// <param name="LastFencedWriteAt">When a fenced write of this instance was last seen; null when never or in single mode.</param>
public sealed record InstancesReport(
    string InstanceId,
    string Mode,
    DateTimeOffset At,
    IReadOnlyList<InstanceEntry> Instances,
    IReadOnlyList<LeaseEntry> Leases,
    IReadOnlyDictionary<string, string?> Partitions,
    IReadOnlyList<int> OwnedPartitions,
    int MarketInstances,
    int OrphanedWork,
    long LeaseChanges,
    long FencedWrites,
    DateTimeOffset? LastLeaseLostAt,
    DateTimeOffset? LastFencedWriteAt)
{
    public const string SingleMode = "single";
    public const string LeasedMode = "leased";

    /// <summary>Whether this instance shares its work with others under leases.</summary>
    public bool IsLeased => Mode == LeasedMode;

    /// <summary>The report of <paramref name="snapshot"/>; <paramref name="watch"/> adds when leases were last lost and writes last fenced.</summary>
    public static InstancesReport From(ClusterSnapshot snapshot, int partitions, ClusterWatch? watch = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var live = snapshot.Instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var leases = snapshot.Leases.Select(l => new LeaseEntry(
            l.Name.ToString(),
            l.Name.Kind.ToString().ToLowerInvariant(),
            l.Holder,
            l.Token,
            l.RemainingTtl is { } ttl ? Math.Round(ttl.TotalMilliseconds, 1) : null,
            l.Holder is null || !live.Contains(l.Holder))).ToList();

        // Single mode has no partition leases: this instance owns every partition.
        var holders = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var p = 0; p < partitions; p++)
        {
            var name = LeaseName.Partition(p);
            holders[p.ToString(CultureInfo.InvariantCulture)] = snapshot.Mode == ClusterMode.Single
                ? snapshot.InstanceId
                : snapshot.Leases.FirstOrDefault(l => l.Name == name)?.Holder;
        }

        return new InstancesReport(
            snapshot.InstanceId,
            snapshot.Mode == ClusterMode.Single ? SingleMode : LeasedMode,
            snapshot.At,
            [.. snapshot.Instances.OrderBy(i => i.Id, StringComparer.Ordinal).Select(InstanceEntry.From)],
            leases,
            holders,
            snapshot.OwnedPartitions,
            snapshot.Instances.Count(i => i.Role == InstanceRecord.MarketRole),
            snapshot.OrphanedWork,
            snapshot.LeaseChanges,
            snapshot.FencedWrites,
            watch?.LastLeaseLostAt,
            watch?.LastFencedWriteAt);
    }
}
