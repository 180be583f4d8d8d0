using System.Text.Json.Nodes;

namespace Tickwatch.Gateway.MarketService;

/// <summary>One call to the market service's readiness endpoint: whether it answered, how fast, and what it said.</summary>
/// <param name="Outcome">Answered, or why not.</param>
/// <param name="HttpStatus">The status code, when it answered.</param>
/// <param name="Latency">Time from sending the request to reading the whole answer (or to giving up).</param>
/// <param name="Body">The readiness report, when the answer was JSON.</param>
/// <param name="Error">Why the call failed, in an operator's words.</param>
public sealed record MarketServiceProbe(MarketProbeOutcome Outcome, int? HttpStatus, TimeSpan Latency, JsonNode? Body, string? Error);
