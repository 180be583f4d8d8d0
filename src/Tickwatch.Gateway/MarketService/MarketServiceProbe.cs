using System.Text.Json.Nodes;

namespace Tickwatch.Gateway.MarketService;

/// <summary>One call to the market service's readiness endpoint: whether it answered, how fast, and what it said.</summary>
/// <param name="Outcome">Answered, or why not.</param>
/// <param name="HttpStatus">The status code, when it answered.</param>
/// <param name="Latency">Time from sending the request to reading the whole answer (or to giving up).</param>
/// <param name="Body">The readiness report, when the answer was JSON.</param>
/// <param name="Error">Why the call failed, in an operator's words.</param>
public sealed record MarketServiceProbe(MarketProbeOutcome Outcome, int? HttpStatus, TimeSpan Latency, JsonNode? Body, string? Error)
{
    /// <summary>It answered and says it is ready: fit to take traffic.</summary>
    public bool Ready => Outcome == MarketProbeOutcome.Answered && Body?["ready"] is JsonValue value && value.TryGetValue<bool>(out var ready) && ready;

    /// <summary><c>ready</c>, <c>not_ready</c>, <c>unreachable</c>, <c>timeout</c> or <c>invalid_response</c>: python-health's <c>status</c> and the probe metric's <c>outcome</c>.</summary>
    public string Status => Outcome switch
    {
        MarketProbeOutcome.Answered => Ready ? "ready" : "not_ready",
        MarketProbeOutcome.Unreachable => "unreachable",
        MarketProbeOutcome.Timeout => "timeout",
        _ => "invalid_response",
    };
}
