using Microsoft.Extensions.Hosting;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Runs the replays of the hub's replaying feeds (<c>QuoteHub:Feeds:N:Replay</c>) for the life of the hub.</summary>
internal sealed class ReplayService(QuoteHubEngine engine) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => engine.RunReplaysAsync(stoppingToken);
}
