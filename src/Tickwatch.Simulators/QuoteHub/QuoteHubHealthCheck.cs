using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Healthy while the generator runs (or is switched off on purpose); degraded after failed rounds.</summary>
internal sealed class QuoteHubHealthCheck(QuoteHubEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var generator = engine.GetStatus().Generator;
        var data = new Dictionary<string, object>
        {
            ["generator"] = generator.State,
            ["rounds"] = generator.Rounds,
            ["errors"] = generator.Errors,
        };
        var result = generator.State switch
        {
            "running" or "disabled" when generator.LastError is null => HealthCheckResult.Healthy("Quote hub generator " + generator.State, data),
            "running" => HealthCheckResult.Degraded("Generator rounds failed: " + generator.LastError, data: data),
            _ => HealthCheckResult.Unhealthy("Quote hub generator " + generator.State, data: data),
        };
        return Task.FromResult(result);
    }
}
