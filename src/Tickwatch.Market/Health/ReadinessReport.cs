namespace Tickwatch.Market.Health;

/// <summary>The body of <c>GET /health/ready</c>: ready or not, and each check with why it failed.</summary>
/// <param name="Status"><c>ready</c> or <c>not_ready</c>.</param>
/// <param name="Ready">True when the answer is 200.</param>
/// <param name="Timestamp">When the checks ran.</param>
/// <param name="FailingChecks">Names of the checks that failed.</param>
/// <param name="Checks">Every check by name.</param>
public sealed record ReadinessReport(
    string Status,
    bool Ready,
    DateTimeOffset Timestamp,
    IReadOnlyList<string> FailingChecks,
    IReadOnlyDictionary<string, ReadinessCheckView> Checks);
