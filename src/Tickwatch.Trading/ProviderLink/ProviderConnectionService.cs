using Tickwatch.Hosting.Supervision;
using Tickwatch.Trading.Engine;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>Runs the <see cref="ProviderConnectionManager"/> under supervision with the engine applying its reports; its start is the guide's "✅ Provider connection manager started".</summary>
/// <param name="manager">The connection to the execution gateway.</param>
/// <param name="engine">Applies the reports and names the orders in flight.</param>
/// <param name="relay">In a leased cluster, the consumer of requests relayed by other instances: it notes where to read from before each reload of the orders in flight.</param>
public sealed class ProviderConnectionService(ProviderConnectionManager manager, TradingEngine engine, ProviderRelayConsumer? relay = null) : ISupervisedService
{
    public string Name => "provider_connection_manager";

    public string DisplayName => "Provider connection manager";

    public Task RunAsync(CancellationToken stoppingToken) => manager.RunAsync(relay?.Noting(engine) ?? engine, stoppingToken);
}
