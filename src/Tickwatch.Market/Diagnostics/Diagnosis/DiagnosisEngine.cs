using Tickwatch.Market.Diagnostics.Diagnosis.Rules;

namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>Judges one snapshot of live figures with every rule and orders what they found: pure, so it is tested with hand-built snapshots.</summary>
public sealed class DiagnosisEngine
{
    private readonly IReadOnlyList<IDiagnosisRule> _rules;

    public DiagnosisEngine(IEnumerable<IDiagnosisRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
        var duplicate = _rules.GroupBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two diagnosis rules report '{duplicate.Key}'.", nameof(rules));
        }
    }

    /// <summary>The guide's rules: Step 1, the Step 3 table, Key Metrics and Degradation Indicators, plus Tickwatch's own checks.</summary>
    public static IReadOnlyList<IDiagnosisRule> StandardRules { get; } =
    [
        new RedisConnectedRule(),
        new RedisClusterStateRule(),
        new RedisPingTimeRule(),
        new ListenerRunningRule(),
        new ConnectionFailuresRule(),
        new ParseErrorRateRule(),
        new ConnectionSuccessRateRule(),
        new LastMessageAgeRule(),
        new FreshnessRateRule(),
        new MissingSymbolsRule(),
        new StaleSymbolsRule(),
        new FeedDivergenceRule(),
        new TradeOutsideQuoteRule(),
        new BackgroundServicesRule(),
        new MemoryUsageRule(),
        new CpuUsageRule(),
        new RecentErrorsRule(),
        new StaleExecutionsRule(),
        new AutoCutoffRule(),
        new ExecutionsDifferFromViewRule(),
        new LedgerDriftRule(),
        new ProviderLinkRule(),
        new ProviderPendingMonitorRule(),
        new ClusterLeasesRule(),
        new IncompleteDiagnosticsRule(),
    ];

    public IReadOnlyList<IDiagnosisRule> Rules => _rules;

    public DiagnosisReport Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var outcomes = _rules.Select(r => r.Evaluate(snapshot)).ToList();

        // Stable order: critical first, then in the order of the rules (the guide's order).
        var findings = outcomes.Select(o => o.Finding).OfType<Finding>().OrderByDescending(f => f.Severity).ToList();
        var passed = outcomes.Select(o => o.Passed).OfType<PassedCheck>().ToList();
        var counts = new DiagnosisCounts(findings.Count(f => f.Severity == Severity.Critical), findings.Count(f => f.Severity == Severity.Warning), passed.Count);
        var status = findings.Count == 0 ? Severity.Ok : findings[0].Severity;
        return new DiagnosisReport(snapshot.At, status, Summarise(status, counts, findings), counts, findings, passed);
    }

    private static string Summarise(Severity status, DiagnosisCounts counts, List<Finding> findings) => status == Severity.Ok
        ? $"ok: all {counts.Ok} checks passed"
        : $"{(status == Severity.Critical ? "critical" : "warning")}: {counts.Critical} critical, {counts.Warning} warning — {string.Join("; ", findings.Select(f => f.Title))}";
}
