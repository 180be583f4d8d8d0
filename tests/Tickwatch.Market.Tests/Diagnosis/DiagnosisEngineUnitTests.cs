using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>The engine: every standard rule once, findings ordered critical first, status and summary.</summary>
public sealed class DiagnosisEngineUnitTests
{
    private readonly DiagnosisEngine _engine = new(DiagnosisEngine.StandardRules);

    [Fact]
    public void A_healthy_system_is_ok_with_every_check_passed()
    {
        var report = _engine.Evaluate(Snapshots.Healthy());

        Assert.Equal(Severity.Ok, report.Status);
        Assert.Empty(report.Findings);
        Assert.Equal(DiagnosisEngine.StandardRules.Count, report.Passed.Count);
        Assert.Equal($"ok: all {report.Passed.Count} checks passed", report.Summary);
        Assert.Equal(Snapshots.At, report.Timestamp);
    }

    [Fact]
    public void Findings_come_critical_first_and_the_status_is_the_worst()
    {
        var snapshot = Snapshots.Healthy() with
        {
            Redis = Snapshots.Redis(pingMs: 70),
            MarketData = Snapshots.MarketData(total: 58, stale: 40),
        };

        var report = _engine.Evaluate(snapshot);

        Assert.Equal(Severity.Critical, report.Status);
        Assert.Equal(["stale_market_data", "redis_slow", "stale_symbols"], report.Findings.Select(f => f.Id));
        Assert.Equal(new DiagnosisCounts(1, 2, DiagnosisEngine.StandardRules.Count - 3), report.Counts);
        Assert.Equal("critical: 1 critical, 2 warning — Stale market data; Redis responds slowly; Stale symbols", report.Summary);
    }

    [Fact]
    public void Only_warnings_make_a_warning_status()
    {
        var report = _engine.Evaluate(Snapshots.Healthy() with { Redis = Snapshots.Redis(pingMs: 70) });

        Assert.Equal(Severity.Warning, report.Status);
    }

    [Fact]
    public void Two_rules_cannot_report_the_same_finding_kind()
    {
        Assert.Throws<ArgumentException>(() => new DiagnosisEngine([new RedisPingTimeRule(), new RedisPingTimeRule()]));
    }

    [Fact]
    public void Every_standard_rule_reports_its_own_id()
    {
        var snapshot = Snapshots.Healthy();

        Assert.All(DiagnosisEngine.StandardRules, r => Assert.Equal(r.Id, r.Evaluate(snapshot).Passed!.Id));
    }
}
