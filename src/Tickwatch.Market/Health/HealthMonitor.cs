using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Market.Health;

/// <summary>Checks the store and market-data freshness every <c>Health:Interval</c>, logs the 💊 line (or the 🚨 CRITICAL lines), and keeps the last result.</summary>
public sealed class HealthMonitor(
    StoreProber store,
    PriceBook book,
    IOptions<HealthOptions> options,
    TimeProvider time,
    ILogger<HealthMonitor> logger) : ISupervisedService
{
    private HealthMonitorResult? _last;

    public string Name => "health_monitor";

    public string DisplayName => "Health monitor";

    /// <summary>The last completed check; null before the first (one interval after start).</summary>
    public HealthMonitorResult? LastResult => Volatile.Read(ref _last);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // The first check comes one interval after start: right at start no feed has delivered yet.
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await CheckAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks once, logs the result and keeps it.</summary>
    public async Task<HealthMonitorResult> CheckAsync(CancellationToken cancellationToken)
    {
        var storeStatus = await store.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var freshness = FreshnessTally.Of(book);
        var marketDataHealthy = freshness.IsHealthy(options.Value.MinFreshFraction);
        var result = new HealthMonitorResult(time.GetUtcNow(), storeStatus, freshness, marketDataHealthy);
        Volatile.Write(ref _last, result);

        var marketDataMark = marketDataHealthy ? "✅" : freshness.Fresh == 0 ? "❌" : "⚠️";
        HealthLog.HealthCheck(
            logger,
            result.Healthy ? LogLevel.Information : LogLevel.Warning,
            storeStatus.Healthy ? "✅" : "❌",
            storeStatus.Detail,
            marketDataMark,
            freshness.Fresh,
            freshness.Open,
            freshness.Percent);
        if (!storeStatus.Healthy)
        {
            HealthLog.StoreNotResponding(logger, storeStatus.Detail);
        }

        // Every market shut (a weekend for an FX-only book) is quiet, not critical.
        if (freshness.Fresh == 0 && !marketDataHealthy)
        {
            HealthLog.NoFreshMarketData(logger, freshness.Open);
        }

        return result;
    }
}
