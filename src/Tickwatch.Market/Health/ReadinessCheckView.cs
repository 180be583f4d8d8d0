using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tickwatch.Market.Health;

/// <summary>One readiness check's result.</summary>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="Description">What was found, or why it failed.</param>
/// <param name="DurationMs">How long the check took.</param>
/// <param name="Error">The exception's message when the check itself threw or timed out.</param>
/// <param name="Data">The figures behind the verdict.</param>
public sealed record ReadinessCheckView(
    HealthStatus Status,
    string? Description,
    double DurationMs,
    string? Error,
    IReadOnlyDictionary<string, object> Data);
