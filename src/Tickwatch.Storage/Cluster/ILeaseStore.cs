namespace Tickwatch.Storage.Cluster;

/// <summary>Where leases live: granted, renewed and released atomically, each grant with a fence token above every earlier one.</summary>
/// <remarks>
/// Redis (<c>RedisLeaseStore</c>, one Lua script per operation) in a cluster; in memory for one process and tests. A lease
/// is for efficiency, never for correctness: across a Redis failover or a paused process two instances may each believe
/// they hold it, and what must not happen twice is stopped by the fence token, not by the lease.
/// Store failures come back as exceptions; a lease held by another instance is a null grant or <c>false</c>.
/// </remarks>
public interface ILeaseStore
{
    /// <summary>
    /// Grants <paramref name="name"/> to <paramref name="instance"/> for <paramref name="ttl"/> when it is free, with a
    /// token above both every earlier token of the name and <paramref name="tokenFloor"/>; null when another instance holds it.
    /// </summary>
    Task<LeaseGrant?> TryAcquireAsync(LeaseName name, string instance, TimeSpan ttl, long tokenFloor, CancellationToken ct);

    /// <summary>Extends the lease by <paramref name="ttl"/> when <paramref name="grant"/> is still the one held; false when it is not (expired, or granted to another).</summary>
    Task<bool> RenewAsync(LeaseGrant grant, TimeSpan ttl, CancellationToken ct);

    /// <summary>Frees the lease when <paramref name="grant"/> is still the one held (so another instance takes it at once); nothing otherwise.</summary>
    Task ReleaseAsync(LeaseGrant grant, CancellationToken ct);

    /// <summary>The lease's holder, token and remaining time as the store sees them now.</summary>
    Task<LeaseState> ReadAsync(LeaseName name, CancellationToken ct);
}
