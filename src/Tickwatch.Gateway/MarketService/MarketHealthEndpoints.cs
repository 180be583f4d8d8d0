using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Gateway.MarketService;

/// <summary>
/// <c>GET /api/debug/python-health</c> (the operators' guide's path, kept verbatim) and its plain name
/// <c>GET /api/debug/market-service-health</c>: the market service's reachability, latency and own summary.
/// </summary>
public static class MarketHealthEndpoints
{
    public static RouteGroupBuilder MapMarketHealthDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/python-health", GetMarketHealthAsync)
            .WithName("PythonHealth")
            .WithSummary("The market service's health as the gateway sees it (the guide's first command); 503 when it cannot be reached.");
        debug.MapGet("/market-service-health", GetMarketHealthAsync)
            .WithName("MarketServiceHealth")
            .WithSummary("Same as /api/debug/python-health.");
        return debug;
    }

    private static async Task<Results<Ok<MarketHealthReport>, JsonHttpResult<MarketHealthReport>>> GetMarketHealthAsync(
        HttpContext context, MarketServiceClient market, TimeProvider time, ILogger<MarketServiceClient> logger, CancellationToken cancellationToken)
    {
        var correlationId = RequestCorrelation.Of(context);
        var probe = await market.ProbeAsync(correlationId, cancellationToken).ConfigureAwait(false);
        var url = market.BaseAddress.ToString().TrimEnd('/');
        var latency = Math.Round(probe.Latency.TotalMilliseconds, 3);
        if (probe.Outcome != MarketProbeOutcome.Answered)
        {
            var reason = probe.Error ?? probe.Outcome.ToString();
            GatewayLog.MarketServiceUnreachable(logger, market.ReadinessUrl, reason, correlationId);
            var failed = new MarketHealthReport(
                false, probe.Status, false, url, MarketServiceClient.ReadinessPath, probe.HttpStatus, latency, time.GetUtcNow(),
                $"market service {probe.Status.Replace('_', ' ')}: {reason}", null);
            return TypedResults.Json(failed, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var summary = MarketServiceSummary.From(probe.Body!);
        var error = probe.Ready ? null : "market service not ready: " + (summary.FailingChecks.Count > 0 ? string.Join(", ", summary.FailingChecks) : "no reason given");
        return TypedResults.Ok(new MarketHealthReport(
            true, probe.Status, probe.Ready, url, MarketServiceClient.ReadinessPath, probe.HttpStatus, latency, time.GetUtcNow(), error, summary));
    }
}
