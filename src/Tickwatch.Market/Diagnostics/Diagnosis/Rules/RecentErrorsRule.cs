using Microsoft.Extensions.Logging;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Errors the service logged within the last few minutes: real ones, from the recent-errors ring.</summary>
public sealed class RecentErrorsRule : IDiagnosisRule
{
    public string Id => "recent_errors";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.RecentErrors is not { } recent)
        {
            return RuleOutcome.NotApplicable;
        }

        var since = snapshot.At - TimeSpan.FromMinutes(GuideThresholds.RecentErrorMinutes);
        var errors = recent.Entries.Where(e => e.Level >= LogLevel.Error && e.At >= since).ToList();
        var evidence = new Dictionary<string, object?>
        {
            ["errors_last_minutes"] = errors.Count,
            ["minutes"] = GuideThresholds.RecentErrorMinutes,
            ["errors_recorded"] = recent.ErrorsRecorded,
        };
        if (errors.Count == 0)
        {
            return RuleOutcome.Ok(Id, "Errors logged lately", evidence);
        }

        var newest = errors[0];
        evidence["newest"] = new Dictionary<string, object?>
        {
            ["at"] = newest.At,
            ["category"] = newest.Category,
            ["event_id"] = newest.EventId,
            ["message"] = newest.Message,
            ["exception_type"] = newest.ExceptionType,
        };
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "Errors logged lately",
            Invariant($"{errors.Count} errors in the last {GuideThresholds.RecentErrorMinutes:0} minutes"),
            Invariant($"The service logged {errors.Count} errors lately; the newest ({newest.Category}, event {newest.EventId}): {newest.Message}"),
            evidence,
            "Read them: GET /api/debug/comprehensive → .recent_errors.entries, or the service's log around those times."));
    }
}
