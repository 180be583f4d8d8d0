using Tickwatch.Storage.Health;

namespace Tickwatch.Market.Health;

/// <summary>One probe of the store, judged: whether it can be used, and a line an operator can read.</summary>
/// <param name="Kind">Which store the service runs on.</param>
/// <param name="Healthy">The store answered and, for a cluster, its <c>cluster_state</c> is <c>ok</c>, every slot has a reachable master and every probe write succeeded.</param>
/// <param name="LatencyMs">The round trip in milliseconds, when it answered.</param>
/// <param name="ClusterState">Redis's <c>cluster_state</c>; null for the in-memory store or when unreachable.</param>
/// <param name="Detail">"in-memory store", the latency, or why it failed.</param>
public sealed record StoreStatus(StoreKind Kind, bool Healthy, double? LatencyMs, string? ClusterState, string Detail)
{
    /// <summary>What the probe saw of a cluster (slot coverage, probe writes); null for the in-memory store or when unreachable.</summary>
    public StoreProbe? Probe { get; init; }
}
