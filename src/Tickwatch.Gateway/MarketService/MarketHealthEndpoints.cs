using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Gateway.Hosting;

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
        HttpContext context, MarketServiceClient market, TimeProvider time, CancellationToken cancellationToken)
    {
        var correlationId = CorrelationId.Of(context);
        var probe = await market.ProbeAsync(correlationId, cancellationToken).ConfigureAwait(false);
        var url = market.BaseAddress.ToString().TrimEnd('/');
        var latency = Math.Round(probe.Latency.TotalMilliseconds, 3);
        if (probe.Outcome != MarketProbeOutcome.Answered)
        {
            var reason = probe.Error ?? probe.Outcome.ToString();
            var failed = new MarketHealthReport(
                false, Status(probe.Outcome), false, url, MarketServiceClient.ReadinessPath, probe.HttpStatus, latency, time.GetUtcNow(),
                $"market service {Status(probe.Outcome).Replace('_', ' ')}: {reason}", null);
            return TypedResults.Json(failed, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var summary = MarketServiceSummary.From(probe.Body!);
        var ready = summary.Ready == true;
        var error = ready ? null : "market service not ready: " + (summary.FailingChecks.Count > 0 ? string.Join(", ", summary.FailingChecks) : "no reason given");
        return TypedResults.Ok(new MarketHealthReport(
            true, ready ? "ready" : "not_ready", ready, url, MarketServiceClient.ReadinessPath, probe.HttpStatus, latency, time.GetUtcNow(), error, summary));
    }

    private static string Status(MarketProbeOutcome outcome) => outcome switch
    {
        MarketProbeOutcome.Unreachable => "unreachable",
        MarketProbeOutcome.Timeout => "timeout",
        MarketProbeOutcome.InvalidResponse => "invalid_response",
        _ => "answered",
    };
}
