namespace Tickwatch.Storage.Health;

/// <summary>The result of one round trip to the store.</summary>
/// <param name="Reachable">The store answered.</param>
/// <param name="Latency">How long the round trip took, when it answered.</param>
/// <param name="ClusterState">Redis's <c>cluster_state</c> (<c>ok</c> or <c>fail</c>); null for the in-memory store.</param>
/// <param name="Detail">What an operator should read: the error, or a one-line summary.</param>
public sealed record StoreProbe(bool Reachable, TimeSpan? Latency, string? ClusterState, string Detail);
