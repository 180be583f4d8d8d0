using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Health;
using Tickwatch.Market.Startup;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>background_services</c>: every supervised service's state, whether start-up left the service degraded, and the last health check.</summary>
/// <param name="TotalServices">Supervised background services.</param>
/// <param name="RunningServices">Those running.</param>
/// <param name="NotRunning">Names of the others.</param>
/// <param name="Services">Each service by name, in start order.</param>
/// <param name="Degraded">A critical start-up prerequisite failed and has not passed since.</param>
/// <param name="LastHealthCheck">The health monitor's last result; null before its first run.</param>
public sealed record BackgroundServicesSection(
    int TotalServices,
    int RunningServices,
    IReadOnlyList<string> NotRunning,
    IReadOnlyDictionary<string, SupervisedServiceSnapshot> Services,
    bool Degraded,
    HealthMonitorResult? LastHealthCheck)
{
    public static BackgroundServicesSection From(IReadOnlyList<SupervisedServiceSnapshot> services, StartupSnapshot startup, HealthMonitorResult? lastHealthCheck)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(startup);
        return new BackgroundServicesSection(
            services.Count,
            services.Count(s => s.State == ServiceState.Running),
            [.. services.Where(s => s.State != ServiceState.Running).Select(s => s.Name)],
            services.ToDictionary(s => s.Name, StringComparer.Ordinal),
            startup.Degraded,
            lastHealthCheck);
    }
}
