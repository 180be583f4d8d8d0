namespace Tickwatch.Storage.Cluster;

/// <summary>What this instance holds now; in single mode everything, with token 0 (no fence).</summary>
public interface ILeaseHolder
{
    /// <summary>This instance's id in the cluster (<c>Cluster:InstanceId</c>).</summary>
    string InstanceId { get; }

    ClusterMode Mode { get; }

    /// <summary>Whether the lease is held and still valid locally (its renewal answered in time), with its token; false once that time has passed.</summary>
    bool Holds(LeaseName name, out long token);

    /// <summary>Completes when the lease is held (at once in single mode); its <see cref="HeldLease.Lost"/> is cancelled when it is lost.</summary>
    Task<HeldLease> WaitForAsync(LeaseName name, CancellationToken ct);

    /// <summary>
    /// Gives the lease up at once, e.g. after a write was refused by its fence (it is provably stale); it is competed for
    /// again, so the work behind it resumes here or on another instance.
    /// </summary>
    void Drop(LeaseName name, string reason);

    /// <summary>
    /// Gives the lease up for good, its work done (a one-off job): it is no longer competed for and is released in the store
    /// so that nobody holds it for nothing. A store that cannot be reached is not waited for: the lease expires by itself.
    /// </summary>
    Task ReleaseAsync(LeaseName name, CancellationToken ct);
}
