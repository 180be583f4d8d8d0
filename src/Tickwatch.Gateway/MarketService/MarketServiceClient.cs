using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Diagnostics;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Metrics;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Gateway.MarketService;

/// <summary>Calls the market service's health endpoint with a short timeout, carrying the request's correlation id; every call is counted and timed.</summary>
/// <remarks>
/// With several market services the probe asks the one calls go to first (<see cref="MarketServiceEndpoints"/>), and
/// when it cannot be reached or is not ready (503) the next ones in turn: the first that is ready answers for all, and
/// calls go to it from then on.
/// </remarks>
public sealed class MarketServiceClient(HttpClient http, IOptions<GatewayOptions> options, TimeProvider time, GatewayMeter meter, MarketServiceEndpoints markets)
{
    /// <summary>The market service's readiness route: store, feeds, freshness and background services in one answer.</summary>
    public const string ReadinessPath = "/health/ready";

    /// <summary>The market service calls go to first now.</summary>
    public Uri BaseAddress => markets.Preferred;

    /// <summary>Where the probe calls, for operators' messages.</summary>
    public string ReadinessUrl => UrlRedaction.Redact(new Uri(BaseAddress, ReadinessPath.TrimStart('/')));

    /// <summary>Asks the market service whether it is ready; never throws for a market service that is down or slow (only when <paramref name="cancellationToken"/> is cancelled).</summary>
    public async Task<MarketServiceProbe> ProbeAsync(string correlationId, CancellationToken cancellationToken)
    {
        MarketServiceProbe? first = null;
        foreach (var market in markets.InCallOrder())
        {
            var probe = await CallAsync(market, correlationId, cancellationToken).ConfigureAwait(false);
            first ??= probe;
            if (probe.Ready)
            {
                markets.Answered(market);
                first = probe;
                break;
            }
        }

        meter.RecordMarketProbe(first!);
        return first!;
    }

    private async Task<MarketServiceProbe> CallAsync(Uri market, string correlationId, CancellationToken cancellationToken)
    {
        var limit = options.Value.MarketHealthTimeout;
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(market, ReadinessPath.TrimStart('/')));
        request.Headers.TryAddWithoutValidation(RequestCorrelation.HeaderName, correlationId);
        var started = time.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            var latency = time.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            var json = TryParse(body);
            return json is JsonObject report && report["checks"] is JsonObject
                ? new MarketServiceProbe(MarketProbeOutcome.Answered, status, latency, report, null)
                : new MarketServiceProbe(MarketProbeOutcome.InvalidResponse, status, latency, null, $"HTTP {status} without a readiness report from {ReadinessPath}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(MarketProbeOutcome.Timeout, string.Create(CultureInfo.InvariantCulture, $"no answer within {limit.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException ex)
        {
            return Failed(MarketProbeOutcome.Unreachable, Describe(ex));
        }

        MarketServiceProbe Failed(MarketProbeOutcome outcome, string reason) => new(outcome, null, time.GetElapsedTime(started), null, reason);
    }

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(HttpRequestException ex) =>
        ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "cannot connect: " + ex.Message,
            HttpRequestError.NameResolutionError => "cannot resolve the host: " + ex.Message,
            _ => ex.Message,
        };
}
