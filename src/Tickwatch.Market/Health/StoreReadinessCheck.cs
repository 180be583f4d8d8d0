using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tickwatch.Market.Health;

/// <summary>Readiness: the store answers and, for a cluster, every slot has a reachable master, a probe write to each master succeeds and it is <c>ok</c>.</summary>
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

        if (status.Probe is { SlotsCovered: { } covered } probe)
        {
            data["slots_covered"] = covered;
            data["slots_without_master"] = probe.SlotsWithoutMaster;
        }

        if (status.Probe is { ProbeWrites: { } writes, ProbeWritesFailed: { } failed })
        {
            data["probe_writes"] = writes;
            data["probe_writes_failed"] = failed;
        }

        if (status.Healthy)
        {
            return HealthCheckResult.Healthy($"store reachable ({status.Detail})", data);
        }

        // A store that answers but cannot take writes says what is wrong; one that does not answer says so.
        return status.Probe is null
            ? HealthCheckResult.Unhealthy($"Redis cluster is not responding: {status.Detail}", data: data)
            : HealthCheckResult.Unhealthy(status.Detail, data: data);
    }
}
