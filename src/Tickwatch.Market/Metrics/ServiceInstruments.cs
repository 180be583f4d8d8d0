using System.Diagnostics.Metrics;
using Tickwatch.Hosting.Supervision;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>The supervised background services as instruments, labelled by service name.</summary>
internal static class ServiceInstruments
{
    private const string Service = "service";

    private static readonly string[] StateNames = [.. Enum.GetValues<ServiceState>().Select(SnakeCase)];

    public static void Register(Meter meter, ServiceSupervisor supervisor)
    {
        meter.CreateObservableGauge(
            MarketMetricNames.ServiceState,
            () => supervisor.Snapshot().SelectMany(s => OneHot(Service, s.Name, "state", StateNames, SnakeCase(s.State))),
            null,
            "1 for the background service's current state, 0 for the others.");
        meter.CreateObservableGauge(
            MarketMetricNames.ServiceRunning, () => supervisor.Snapshot().Select(s => Flag(s.State == ServiceState.Running, Service, s.Name)), null, "1 while the background service runs.");
        meter.CreateObservableCounter(
            MarketMetricNames.ServiceRestarts, () => supervisor.Snapshot().Select(s => Count(s.Restarts, Service, s.Name)), "{restart}", "Runs begun after the first one.");
        meter.CreateObservableCounter(
            MarketMetricNames.ServiceFaults, () => supervisor.Snapshot().Select(s => Count(s.Faults, Service, s.Name)), "{fault}", "Runs that ended by throwing.");
    }
}
