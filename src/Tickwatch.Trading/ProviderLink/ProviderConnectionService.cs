using Tickwatch.Hosting.Supervision;
using Tickwatch.Trading.Engine;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>Runs the <see cref="ProviderConnectionManager"/> under supervision with the engine applying its reports; its start is the guide's "✅ Provider connection manager started".</summary>
public sealed class ProviderConnectionService(ProviderConnectionManager manager, TradingEngine engine) : ISupervisedService
{
    public string Name => "provider_connection_manager";

    public string DisplayName => "Provider connection manager";

    public Task RunAsync(CancellationToken stoppingToken) => manager.RunAsync(engine, stoppingToken);
}
