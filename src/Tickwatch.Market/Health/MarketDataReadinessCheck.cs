using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;

namespace Tickwatch.Market.Health;

/// <summary>Readiness: at least <c>Health:MinFreshFraction</c> of the symbols have a fresh price.</summary>
public sealed class MarketDataReadinessCheck(PriceBook book, IOptions<HealthOptions> options) : IHealthCheck
{
    private const int ListedSymbols = 20;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var tally = FreshnessTally.Of(book);
        var minimum = options.Value.MinFreshFraction;
        var data = new Dictionary<string, object>
        {
            ["fresh_symbols"] = tally.Fresh,
            ["total_symbols"] = tally.Total,
            ["freshness_rate"] = tally.Percent,
            ["min_freshness_rate"] = Math.Round(minimum * 100, 1),
            ["stale_symbols"] = tally.Stale.Take(ListedSymbols).ToArray(),
            ["missing_symbols"] = tally.Missing.Take(ListedSymbols).ToArray(),
            ["closed_symbols"] = tally.Closed.Take(ListedSymbols).ToArray(),
        };
        var closed = tally.Closed.Count == 0 ? "" : $", {tally.Closed.Count} closed";
        var summary = string.Create(CultureInfo.InvariantCulture, $"{tally.Fresh}/{tally.Open} symbols fresh ({tally.Percent:F1}%, minimum {minimum * 100:F1}%){closed}");
        return Task.FromResult(tally.IsHealthy(minimum)
            ? HealthCheckResult.Healthy(summary, data)
            : HealthCheckResult.Unhealthy((tally.Fresh == 0 ? "no fresh market data: " : "too few fresh symbols: ") + summary, data: data));
    }
}
