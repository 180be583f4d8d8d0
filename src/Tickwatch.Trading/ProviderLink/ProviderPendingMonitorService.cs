using Tickwatch.Hosting.Supervision;
using Tickwatch.Trading.Engine;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>Runs the <see cref="ProviderPendingMonitor"/> under supervision; its start is the guide's "✅ Provider pending monitor started".</summary>
public sealed class ProviderPendingMonitorService(ProviderPendingMonitor monitor, TradingEngine engine) : ISupervisedService
{
    public string Name => "provider_pending_monitor";

    public string DisplayName => "Provider pending monitor";

    public Task RunAsync(CancellationToken stoppingToken) => monitor.RunAsync(engine, stoppingToken);
}
