using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tickwatch.Gateway.MarketService;

/// <summary>What <c>/market/health/ready</c> shows: the whole readiness report to operators, only the verdict and the failing checks' names to anyone else.</summary>
/// <remarks>The report names the Redis seed list, node addresses and exception text: useful to an operator, a map of the inside to anyone else.</remarks>
public static class MarketReadinessView
{
    /// <summary>The status code and body for <paramref name="probe"/>: 200 only when the market service answered ready.</summary>
    public static (int StatusCode, JsonObject Body) For(MarketServiceProbe probe, bool isOperator)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var statusCode = probe.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (isOperator && probe.Body is JsonObject report)
        {
            return (statusCode, (JsonObject)report.DeepClone());
        }

        var failing = probe.Body is null ? [] : MarketServiceSummary.From(probe.Body).FailingChecks;
        var body = new JsonObject
        {
            ["status"] = probe.Status,
            ["ready"] = probe.Ready,
            ["failing_checks"] = new JsonArray([.. failing.Select(c => JsonValue.Create(c))]),
        };
        if (isOperator && probe.Error is { } error)
        {
            // The market service did not answer with a report: the operator is told why.
            body["error"] = error;
        }

        return (statusCode, body);
    }
}
