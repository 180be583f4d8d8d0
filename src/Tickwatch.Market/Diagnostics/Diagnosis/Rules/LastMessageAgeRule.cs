using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Key Metrics: <c>last_message_age</c> should be &lt; 30 seconds on every feed.</summary>
/// <remarks>A standby feed receives nothing here by design (its holder does) and passes; a feed held by no instance is silent everywhere: critical.</remarks>
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
        var standby = FeedRoleEvidence.Standby(websocket);
        FeedRoleEvidence.AddStandby(evidence, standby);
        var silent = websocket.Feeds
            .Where(f => !f.Value.IsStandby && (f.Value.IsUnheld || f.Value.LastMessageAge >= GuideThresholds.LastMessageAgeHealthySeconds))
            .OrderByDescending(f => f.Value.IsUnheld)
            .ThenByDescending(f => f.Value.LastMessageAge)
            .ToList();
        if (silent.Count == 0)
        {
            return RuleOutcome.Ok(Id, FeedRoleEvidence.Title("Last message age", standby), evidence);
        }

        var unheld = silent.Any(f => f.Value.IsUnheld);
        var list = string.Join(", ", silent.Select(f => f.Value.IsUnheld && f.Value.LastMessageAge is null
            ? $"{f.Key} (held by no instance)"
            : Invariant($"{f.Key} {f.Value.LastMessageAge:0.#} s")));
        return RuleOutcome.Problem(new Finding(
            Id,
            unheld ? Severity.Critical : Severity.Warning,
            unheld ? "A feed is written by no instance" : "A feed has been silent for 30 s or more",
            Invariant($"\"last_message_age\" ≥ {GuideThresholds.LastMessageAgeHealthySeconds} s ({list})"),
            $"No message has arrived for a long time on {list}: {string.Join("; ", silent.Select(f => FeedCondition.Explain(f.Key, f.Value)))}.",
            evidence,
            "Check the quote server behind each silent feed and the feed's state: GET /api/debug/websocket → .feeds."
            + (unheld ? " " + FeedRoleEvidence.UnheldAction : "")));
    }
}
