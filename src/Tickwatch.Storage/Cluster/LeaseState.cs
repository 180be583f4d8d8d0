namespace Tickwatch.Storage.Cluster;

/// <summary>What the store says of a lease now: its holder, token and remaining time, or nulls when it is free.</summary>
/// <param name="Name">The lease.</param>
/// <param name="Holder">The holding instance's id; null when the lease is free.</param>
/// <param name="Token">The holder's fence token; null when the lease is free.</param>
/// <param name="RemainingTtl">Time until the lease expires unless renewed; null when it is free.</param>
public sealed record LeaseState(LeaseName Name, string? Holder, long? Token, TimeSpan? RemainingTtl)
{
    public bool IsHeld => Holder is not null;
}
