namespace Tickwatch.Gateway.MarketService;

/// <summary>The body of <c>GET /api/debug/python-health</c>: can the gateway reach the market service, how fast, and what it says of itself.</summary>
/// <param name="Success">The market service answered its health endpoint (ready or not).</param>
/// <param name="Status"><c>ready</c>, <c>not_ready</c>, <c>unreachable</c>, <c>timeout</c> or <c>invalid_response</c>.</param>
/// <param name="Healthy">Answered and ready.</param>
/// <param name="MarketServiceUrl">Where the gateway looked.</param>
/// <param name="Endpoint">The route it called.</param>
/// <param name="HttpStatus">The market service's status code, when it answered.</param>
/// <param name="LatencyMs">Round trip in milliseconds (time spent before giving up, when it did not answer).</param>
/// <param name="Timestamp">The gateway's clock.</param>
/// <param name="Error">Why it failed, or which checks are failing; null when all is well.</param>
/// <param name="MarketService">The market service's own summary, when it answered.</param>
public sealed record MarketHealthReport(
    bool Success,
    string Status,
    bool Healthy,
    string MarketServiceUrl,
    string Endpoint,
    int? HttpStatus,
    double LatencyMs,
    DateTimeOffset Timestamp,
    string? Error,
    MarketServiceSummary? MarketService);
