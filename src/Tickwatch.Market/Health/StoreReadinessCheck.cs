using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tickwatch.Market.Health;

/// <summary>Readiness: the store answers (and, for a cluster, is <c>ok</c>).</summary>
public sealed class StoreReadinessCheck(StoreProber store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await store.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>
        {
            ["kind"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(status.Kind.ToString()),
            ["reachable"] = status.Healthy,
        };
        if (status.LatencyMs is { } latency)
        {
            data["latency_ms"] = latency;
        }

        if (status.ClusterState is { } state)
        {
            data["cluster_state"] = state;
        }

        return status.Healthy
            ? HealthCheckResult.Healthy($"store reachable ({status.Detail})", data)
            : HealthCheckResult.Unhealthy($"Redis cluster is not responding: {status.Detail}", data: data);
    }
}
