using Microsoft.Extensions.Hosting;

namespace Tickwatch.Trading.Portfolio;

/// <summary>Runs the <see cref="PortfolioCalculator"/>'s one consumer for the host's lifetime.</summary>
public sealed class PortfolioCalculatorService(PortfolioCalculator calculator) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => calculator.RunAsync(stoppingToken);
}
