using Tickwatch.Storage;
using Tickwatch.Storage.Diagnostics;
using Tickwatch.Storage.Health;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>redis_diagnostics</c>: whether the store can be used now, and the headline of <c>/api/debug/redis-cluster</c>.</summary>
/// <param name="Connected">The service can talk to its store now: the cluster answered a PING (always true for the in-memory store). The guide's <c>"connected": false</c>.</param>
/// <param name="Store"><c>redis_cluster</c> or <c>in_memory</c>.</param>
/// <param name="Summary">One line for an operator.</param>
/// <param name="ClusterHealth">As <c>/api/debug/redis-cluster</c> shows it: <c>cluster_state</c>, <c>ping_success</c>, <c>ping_time_ms</c>, slots.</param>
/// <param name="NodesTotal">Nodes the client knows.</param>
/// <param name="UnreachableNodes">Nodes that did not answer this client (host:port).</param>
/// <param name="StoreErrors">Store errors still in the store's error ring.</param>
/// <param name="LastStoreError">The newest of them.</param>
public sealed record RedisSection(
    bool Connected,
    string Store,
    string Summary,
    ClusterHealthSection ClusterHealth,
    int NodesTotal,
    IReadOnlyList<string> UnreachableNodes,
    int StoreErrors,
    StoreError? LastStoreError)
{
    public static RedisSection From(RedisClusterReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var inMemory = report.Store == StoreKindNames.Of(StoreKind.InMemory);
        return new RedisSection(
            inMemory || report.ClusterHealth.PingSuccess == true,
            report.Store,
            report.Summary,
            report.ClusterHealth,
            report.Nodes.Count,
            [.. report.Nodes.Where(n => !n.Reachable).Select(n => $"{n.Host}:{n.Port}")],
            report.RecentErrors.Count,
            report.RecentErrors.Count == 0 ? null : report.RecentErrors[^1]);
    }
}
