using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Step 3 <c>"parse_error_rate" &gt; 10%</c> (message format changed); Degradation Indicators: parse error rate &gt; 5 %.</summary>
/// <remarks>Judged per feed: one feed whose format changed must not hide behind a healthy one.</remarks>
public sealed class ParseErrorRateRule : IDiagnosisRule
{
    public string Id => "websocket_parse_errors";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.WebSocket is not { } websocket)
        {
            return RuleOutcome.NotApplicable;
        }

        var judged = websocket.Feeds.Where(f => f.Value.MessagesReceived >= GuideThresholds.MinMessagesForParseErrorRate).ToList();
        var evidence = new Dictionary<string, object?> { ["parse_error_rate"] = websocket.PerformanceMetrics.ParseErrorRate };
        foreach (var (name, summary) in judged)
        {
            evidence[name] = summary.ParseErrorRate;
        }

        var worst = judged.OrderByDescending(f => f.Value.ParseErrorRate).FirstOrDefault();
        if (worst.Value is not { } feed || feed.ParseErrorRate <= GuideThresholds.ParseErrorRateDegraded)
        {
            return RuleOutcome.Ok(Id, "Parse error rate", evidence);
        }

        evidence["parse_errors_by_category"] = feed.ParseErrorsByCategory;
        evidence["last_error"] = feed.LastError?.Detail;
        var categories = string.Join(", ", feed.ParseErrorsByCategory.OrderByDescending(c => c.Value).Select(c => Invariant($"{c.Key} {c.Value}")));
        var critical = feed.ParseErrorRate > GuideThresholds.ParseErrorRateCritical;
        return RuleOutcome.Problem(new Finding(
            Id,
            critical ? Severity.Critical : Severity.Warning,
            critical ? "Message format changed" : "Parse errors rising",
            Invariant($"\"parse_error_rate\": {feed.ParseErrorRate}% on feed '{worst.Key}' (above {(critical ? GuideThresholds.ParseErrorRateCritical : GuideThresholds.ParseErrorRateDegraded)}%)"),
            Invariant($"{(critical ? "Message format changed" : "Some messages cannot be read")}: {feed.ParseErrorRate}% of feed '{worst.Key}''s {feed.MessagesReceived} messages were unusable ({categories}). Their prices are lost; the rest still flow."),
            evidence,
            Invariant($"Check WebSocket protocol: does feed '{worst.Key}' send what its configured protocol ({feed.Protocol}) expects? GET /api/debug/websocket → .feeds.{worst.Key}.error_analysis shows the categories and the last error.")));
    }
}
