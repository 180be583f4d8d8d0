namespace Tickwatch.Storage.Cluster;

/// <summary>Single mode's lease holder: this instance holds every lease, for ever, with token 0 (no fence is checked).</summary>
public sealed class SingleLeaseHolder(string instanceId) : ILeaseHolder
{
    public string InstanceId { get; } = instanceId;

    public ClusterMode Mode => ClusterMode.Single;

    public bool Holds(LeaseName name, out long token)
    {
        token = 0;
        return true;
    }

    public Task<HeldLease> WaitForAsync(LeaseName name, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(new HeldLease(name, 0, CancellationToken.None));
    }

    // Nothing to give up: with no fence checked, no write is ever refused by one.
    public void Drop(LeaseName name, string reason)
    {
    }

    // Nothing is competed for: the lease stays held, as every lease is.
    public Task ReleaseAsync(LeaseName name, CancellationToken ct) => Task.CompletedTask;
}
