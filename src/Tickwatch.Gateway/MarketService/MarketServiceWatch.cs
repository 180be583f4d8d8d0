using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Gateway.MarketService;

/// <summary>
/// Probes the market service every <see cref="GatewayOptions.MarketHealthProbeInterval"/>, so that
/// <c>tickwatch_gateway_market_service_up</c> stays live when nobody calls python-health; logs only when the market service is lost or back.
/// </summary>
/// <remarks>
/// A plain hosted service, like the stream's watchdog: a failed probe is an answer, not an error, and an unexpected
/// exception is logged and the next probe runs. Each probe carries a correlation id of its own (<c>probe-…</c>), so its
/// line in the market service's log is told apart from an operator's call.
/// </remarks>
public sealed class MarketServiceWatch(IServiceScopeFactory scopes, IOptions<GatewayOptions> options, TimeProvider time, ILogger<MarketServiceWatch> logger)
    : BackgroundService
{
    /// <summary>Prefix of the correlation ids of the watch's own probes.</summary>
    public const string CorrelationPrefix = "probe-";

    // Null before the first probe; one line when readiness flips, not one per failed probe nor per change of failure.
    private bool? _lastReady;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first probe waits one interval: at start-up the market service is usually still starting too.
        using var timer = new PeriodicTimer(options.Value.MarketHealthProbeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await ProbeAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ProbeAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The typed client is transient (its handler is pooled and renewed): one per probe, not one for the service's life.
            using var scope = scopes.CreateScope();
            var market = scope.ServiceProvider.GetRequiredService<MarketServiceClient>();
            var correlationId = CorrelationPrefix + RequestCorrelation.New();
            var probe = await market.ProbeAsync(correlationId, stoppingToken).ConfigureAwait(false);
            if (probe.Ready == _lastReady)
            {
                return;
            }

            if (probe.Ready)
            {
                MarketServiceLog.Ready(logger, market.ReadinessUrl, probe.Latency.TotalMilliseconds, correlationId);
            }
            else
            {
                MarketServiceLog.Lost(logger, probe.Status.Replace('_', ' '), market.ReadinessUrl, probe.Error ?? NotReadyReason(probe), correlationId);
            }

            _lastReady = probe.Ready;
        }
        // A probe that fails in an unforeseen way is logged; the gateway keeps serving and probes again.
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            MarketServiceLog.ProbeFailed(logger, ex);
        }
    }

    private static string NotReadyReason(MarketServiceProbe probe)
    {
        var failing = probe.Body is null ? [] : MarketServiceSummary.From(probe.Body).FailingChecks;
        return failing.Count > 0 ? "failing checks: " + string.Join(", ", failing) : $"HTTP {probe.HttpStatus}";
    }
}
