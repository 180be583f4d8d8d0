using Tickwatch.Market.Diagnostics.Comprehensive;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>A section of the comprehensive report that timed out or failed: the checks that read it could not judge, and the part it reads may be hanging.</summary>
public sealed class IncompleteDiagnosticsRule : IDiagnosisRule
{
    public string Id => "diagnostics_incomplete";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var evidence = snapshot.Unavailable.ToDictionary(
            u => u.Name,
            u => (object?)new Dictionary<string, object?> { ["status"] = u.Status, ["error"] = u.Error },
            StringComparer.Ordinal);
        if (snapshot.Unavailable.Count == 0)
        {
            return RuleOutcome.Ok(Id, "Every diagnostics section answered", evidence);
        }

        var names = string.Join(", ", snapshot.Unavailable.Select(u => u.Name));
        var causes = string.Join("; ", snapshot.Unavailable.Select(u => Invariant($"{u.Name} {(u.Status == SectionStatus.TimedOut ? "timed out" : "failed")}: {Hint(u.Name)}")));
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "Some diagnostics did not answer",
            Invariant($"\"incomplete_sections\": [{names}]"),
            causes + ". The checks that read these sections could not judge; the other findings stand.",
            evidence,
            "Ask the part alone (e.g. GET /api/debug/redis-cluster for redis_diagnostics) and check what it depends on; Diagnostics:SectionTimeout sets the time each section gets."));
    }

    private static string Hint(string section) => section switch
    {
        ComprehensiveDiagnostics.RedisName => "the Redis cluster does not answer in time (a hanging node or network)",
        ComprehensiveDiagnostics.MarketDataName or ComprehensiveDiagnostics.WebSocketName => "the service is too busy to read its own state in time",
        _ => "reading it took too long or threw",
    };
}
