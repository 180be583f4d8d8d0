using Tickwatch.Storage.Diagnostics;

namespace Tickwatch.Market.Dashboard;

/// <summary>The dashboard's Redis panel: the headline of <c>/api/debug/redis-cluster</c> and each node as it reports it.</summary>
/// <param name="Store"><c>redis_cluster</c> or <c>in_memory</c>.</param>
/// <param name="Summary">One line for an operator.</param>
/// <param name="ClusterState">Redis's <c>cluster_state</c>, <c>unreachable</c>, or <c>not_applicable</c> for the in-memory store.</param>
/// <param name="PingTimeMs">The client's PING round trip; null when it failed or there is no cluster.</param>
/// <param name="Nodes">Each node: role, reachable, ping, memory; empty for the in-memory store.</param>
public sealed record RedisNodesView(string Store, string Summary, string ClusterState, double? PingTimeMs, IReadOnlyList<ClusterNodeReport> Nodes)
{
    public static RedisNodesView From(RedisClusterReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new RedisNodesView(report.Store, report.Summary, report.ClusterHealth.ClusterState, report.ClusterHealth.PingTimeMs, report.Nodes);
    }
}
