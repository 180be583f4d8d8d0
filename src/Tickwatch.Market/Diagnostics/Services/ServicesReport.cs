using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Health;
using Tickwatch.Market.Startup;

namespace Tickwatch.Market.Diagnostics.Services;

/// <summary>The body of <c>GET /api/debug/services</c>: every background service, start-up validation and the last health check.</summary>
/// <param name="Timestamp">When the report was made.</param>
/// <param name="TotalServices">Supervised background services.</param>
/// <param name="RunningServices">Those whose state is <c>running</c>.</param>
/// <param name="NotRunning">Names of the others.</param>
/// <param name="Services">Each service by name, in start order.</param>
/// <param name="Startup">Prerequisite results and whether the service runs degraded.</param>
/// <param name="LastHealthCheck">The health monitor's last result; null before its first run.</param>
public sealed record ServicesReport(
    DateTimeOffset Timestamp,
    int TotalServices,
    int RunningServices,
    IReadOnlyList<string> NotRunning,
    IReadOnlyDictionary<string, SupervisedServiceSnapshot> Services,
    StartupSnapshot Startup,
    HealthMonitorResult? LastHealthCheck);
