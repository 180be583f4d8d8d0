namespace Tickwatch.Gateway.MarketService;

/// <summary>The market service's store as it reports it (<c>"connected": false</c> → Redis cluster issue).</summary>
/// <param name="Connected">The store answered the market service's probe.</param>
/// <param name="Kind"><c>redis_cluster</c> or <c>in_memory</c>.</param>
/// <param name="ClusterState">Redis's <c>cluster_state</c>, for a cluster.</param>
/// <param name="LatencyMs">The probe's round trip.</param>
/// <param name="Detail">The market service's description.</param>
public sealed record StoreSummary(bool? Connected, string? Kind, string? ClusterState, double? LatencyMs, string? Detail);
