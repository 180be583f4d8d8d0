using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Market.Health;

/// <summary>Readiness: no supervised background service is faulted or waiting to restart.</summary>
public sealed class ServicesReadinessCheck(ServiceSupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var services = supervisor.Snapshot();
        var failing = services.Where(s => s.State is ServiceState.Faulted or ServiceState.Restarting).ToList();
        var data = new Dictionary<string, object>
        {
            ["services_total"] = services.Count,
            ["services_running"] = services.Count(s => s.State == ServiceState.Running),
            ["services_failing"] = failing.Select(s => s.Name).ToArray(),
        };
        if (failing.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no background service is faulted", data));
        }

        var reasons = failing.Select(s => $"service {s.Name} is {s.State.ToString().ToLowerInvariant()}" + (s.LastError is { } e ? $" (last error: {e.Message})" : ""));
        return Task.FromResult(HealthCheckResult.Unhealthy(string.Join("; ", reasons), data: data));
    }
}
