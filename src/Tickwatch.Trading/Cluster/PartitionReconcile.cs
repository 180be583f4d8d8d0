using Microsoft.Extensions.Options;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Trading.Cluster;

/// <summary>
/// When a partition's owner reads its accounts again (D13c): every <see cref="ClusterOptions.PartitionReconcileInterval"/>
/// in a leased cluster, so a commit whose announcement or hint was lost (its instance died after the commit) is still
/// picked up; never alone, where every commit is heard in process.
/// </summary>
public static class PartitionReconcile
{
    /// <summary>The reconcile interval in a leased cluster; null alone (single mode, or no cluster options).</summary>
    public static TimeSpan? IntervalOf(IOptions<ClusterOptions>? cluster) =>
        cluster?.Value is { Mode: ClusterMode.Leased } options ? options.PartitionReconcileInterval : null;
}
