using Tickwatch.Market.Health;

namespace Tickwatch.Market.Startup;

/// <summary>The store answers a probe: "✅ Redis cluster connectivity: OK (…)" or "❌ Redis cluster connectivity: FAILED (reason)".</summary>
public sealed class StoreConnectivityCheck(StoreProber store) : IPrerequisiteCheck
{
    public string Name => "Redis cluster connectivity";

    public bool IsCritical => true;

    public async Task<PrerequisiteResult> CheckAsync(CancellationToken cancellationToken)
    {
        var status = await store.ProbeAsync(cancellationToken).ConfigureAwait(false);
        if (!status.Healthy)
        {
            return PrerequisiteResult.Failed(status.Detail);
        }

        return PrerequisiteResult.Ok(status.ClusterState is { } state ? $"cluster_state {state}, {status.Detail}" : status.Detail);
    }
}
