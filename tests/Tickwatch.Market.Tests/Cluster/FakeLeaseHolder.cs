using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Tests.Cluster;

/// <summary>A lease holder that holds exactly the leases the test gives it, in the mode the test chooses; nothing waits or renews.</summary>
internal sealed class FakeLeaseHolder(string instanceId, ClusterMode mode = ClusterMode.Leased, params LeaseName[] held) : ILeaseHolder
{
    private readonly HashSet<LeaseName> _held = [.. held];

    public string InstanceId { get; } = instanceId;

    public ClusterMode Mode { get; } = mode;

    public bool Holds(LeaseName name, out long token)
    {
        var holds = Mode == ClusterMode.Single || _held.Contains(name);
        token = holds && Mode == ClusterMode.Leased ? 7 : 0;
        return holds;
    }

    public Task<HeldLease> WaitForAsync(LeaseName name, CancellationToken ct) =>
        throw new NotSupportedException("The roles only ask what is held now.");

    public void Drop(LeaseName name, string reason) => _held.Remove(name);

    public Task ReleaseAsync(LeaseName name, CancellationToken ct)
    {
        _held.Remove(name);
        return Task.CompletedTask;
    }
}
