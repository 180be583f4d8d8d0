using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Key Metrics: <c>last_message_age</c> should be &lt; 30 seconds on every feed.</summary>
public sealed class LastMessageAgeRule : IDiagnosisRule
{
    public string Id => "websocket_silent";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.WebSocket is not { } websocket)
        {
            return RuleOutcome.NotApplicable;
        }

        var evidence = websocket.Feeds.ToDictionary(f => f.Key, f => (object?)f.Value.LastMessageAge, StringComparer.Ordinal);
        var silent = websocket.Feeds
            .Where(f => f.Value.LastMessageAge >= GuideThresholds.LastMessageAgeHealthySeconds)
            .OrderByDescending(f => f.Value.LastMessageAge)
            .ToList();
        if (silent.Count == 0)
        {
            return RuleOutcome.Ok(Id, "Last message age", evidence);
        }

        var list = string.Join(", ", silent.Select(f => Invariant($"{f.Key} {f.Value.LastMessageAge:0.#} s")));
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "A feed has been silent for 30 s or more",
            Invariant($"\"last_message_age\" ≥ {GuideThresholds.LastMessageAgeHealthySeconds} s ({list})"),
            $"No message has arrived for a long time on {list}: {string.Join("; ", silent.Select(f => FeedCondition.Explain(f.Key, f.Value)))}.",
            evidence,
            "Check the quote server behind each silent feed and the feed's state: GET /api/debug/websocket → .feeds."));
    }
}
