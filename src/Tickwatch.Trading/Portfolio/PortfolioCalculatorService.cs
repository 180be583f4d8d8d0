using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Trading.Portfolio;

/// <summary>Runs the <see cref="PortfolioCalculator"/>'s one consumer under supervision; its start is the guide's "✅ Portfolio calculator listener started".</summary>
public sealed class PortfolioCalculatorService(PortfolioCalculator calculator) : ISupervisedService
{
    public string Name => "portfolio_calculator";

    public string DisplayName => "Portfolio calculator listener";

    public Task RunAsync(CancellationToken stoppingToken) => calculator.RunAsync(stoppingToken);
}
