namespace Tickwatch.Market.Cluster;

/// <summary>One lease in <c>/api/debug/instances</c>, as the store shows it to this instance.</summary>
/// <param name="Name">The lease (<c>feed:binary</c>, <c>part:7</c>, <c>job:provider</c>).</param>
/// <param name="Kind"><c>feed</c>, <c>partition</c> or <c>job</c>.</param>
/// <param name="Holder">The holding instance; null when the lease is free.</param>
/// <param name="Token">The holder's fence token; null when the lease is free.</param>
/// <param name="TtlMs">Milliseconds until the lease expires unless renewed; null when it is free.</param>
/// <param name="Orphaned">No live instance holds it: its work is not done.</param>
public sealed record LeaseEntry(string Name, string Kind, string? Holder, long? Token, double? TtlMs, bool Orphaned);
