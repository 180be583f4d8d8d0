using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;
using Tickwatch.Trading.AutoCutoff;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>Each finding of the <c>autocutoff</c> rule, with its fields, and which wins when several apply.</summary>
public sealed class AutoCutoffRuleUnitTests
{
    private readonly AutoCutoffRule _rule = new();

    [Fact]
    public void Without_a_report_or_with_autocutoff_disabled_the_rule_does_not_apply()
    {
        var none = _rule.Evaluate(Snapshots.Healthy() with { AutoCutoff = null });
        var disabled = Evaluate(Report("disabled"));

        Assert.Equal((null, null), (none.Finding, none.Passed));
        Assert.Equal((null, null), (disabled.Finding, disabled.Passed));
    }

    [Fact]
    public void A_running_watcher_holding_nothing_passes_with_its_figures()
    {
        var passed = Evaluate(Report() with { AccountsWatched = 12 }).Passed!;

        Assert.Equal("autocutoff", passed.Id);
        Assert.Equal("running", passed.Evidence["state"]);
        Assert.Equal(12, passed.Evidence["accounts_watched"]);
        Assert.Equal(0L, passed.Evidence["mail_failed"]);
    }

    [Theory]
    [InlineData("faulted")]
    [InlineData("stopped")]
    public void A_watcher_that_does_not_run_is_critical(string state)
    {
        var finding = Evaluate(Report(state)).Finding!;

        Assert.Equal((Severity.Critical, "AutoCutoff watcher not running"), (finding.Severity, finding.Title));
        Assert.Equal($"The AutoCutoff watcher is {state}", finding.Symptom);
        Assert.Contains("7000–7012", finding.Action, StringComparison.Ordinal);
        Assert.Equal(state, finding.Evidence["state"]);
    }

    [Fact]
    public void A_stop_out_running_a_minute_or_more_is_stuck_and_critical_and_names_its_account()
    {
        var report = Report() with
        {
            StopOuts = [StopOut("live:42", seconds: 95), StopOut("live:43", seconds: 3)],
            AccountsHeld = 1,
            Held = [Held("live:9", AutoCutoffRules.StalePrice)],
        };

        var finding = Evaluate(report).Finding!;

        Assert.Equal((Severity.Critical, "Stop-out stuck"), (finding.Severity, finding.Title));
        Assert.Equal("1 stop-out(s) running for 95 s: live:42", finding.Symptom);
        Assert.Equal(new[] { "live:42" }, finding.Evidence["stop_outs_stuck"]);
        Assert.Equal(2, finding.Evidence["stop_outs_running"]);
        Assert.Contains(".stop_outs", finding.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Held_accounts_are_a_warning_with_their_reasons_and_the_first_detail()
    {
        var report = Report() with
        {
            AccountsHeld = 2,
            Holds = new Dictionary<string, long> { [AutoCutoffRules.StalePrice] = 5, [AutoCutoffRules.DegradedPortfolio] = 1 },
            Held = [Held("live:9", AutoCutoffRules.StalePrice), Held("live:10", AutoCutoffRules.DegradedPortfolio), Held("live:11", AutoCutoffRules.StalePrice)],
            Mail = Mail(failed: 2, dropped: 0),
        };

        var finding = Evaluate(report).Finding!;

        Assert.Equal((Severity.Warning, "AutoCutoff holds accounts"), (finding.Severity, finding.Title));
        Assert.Equal($"2 account(s) held by AutoCutoff ({AutoCutoffRules.StalePrice}, {AutoCutoffRules.DegradedPortfolio})", finding.Symptom);
        Assert.Contains("First: live:9 is held", finding.RootCause, StringComparison.Ordinal);
        Assert.Equal(2, finding.Evidence["accounts_held"]);
        Assert.Same(report.Holds, finding.Evidence["holds"]);
        Assert.Contains(".held", finding.Action, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(0, 4)]
    public void Failed_or_dropped_margin_call_mail_is_a_warning_with_the_last_error(long failed, long dropped)
    {
        var finding = Evaluate(Report() with { Mail = Mail(failed, dropped) }).Finding!;

        Assert.Equal((Severity.Warning, "Margin-call e-mail failing"), (finding.Severity, finding.Title));
        Assert.Equal($"{failed} margin-call e-mail(s) failed and {dropped} dropped", finding.Symptom);
        Assert.Contains("535 authentication failed", finding.RootCause, StringComparison.Ordinal);
        Assert.Equal((failed, dropped, "535 authentication failed"), ((long)finding.Evidence["mail_failed"]!, (long)finding.Evidence["mail_dropped"]!, (string?)finding.Evidence["mail_last_error"]));
        Assert.Contains("AutoCutoff:Smtp:Host/Port", finding.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Mail_sent_without_failure_passes()
    {
        Assert.NotNull(Evaluate(Report() with { Mail = Mail(failed: 0, dropped: 0) }).Passed);
    }

    private RuleOutcome Evaluate(AutoCutoffReport report) => _rule.Evaluate(Snapshots.Healthy() with { AutoCutoff = report });

    private static AutoCutoffReport Report(string state = "running") => new() { State = state, Owner = "market-a" };

    private static AutoCutoffStopOutView StopOut(string account, double seconds) =>
        new(account, 7, "market-a", Snapshots.At.AddSeconds(-seconds), seconds, 1, Snapshots.At.AddSeconds(-1));

    private static AutoCutoffHeldAccount Held(string account, string reason) =>
        new(account, reason, $"{account} is held: {reason}", Snapshots.At.AddSeconds(-30), 30);

    private static MarginCallMailStatistics Mail(long failed, long dropped) =>
        new("smtp", "smtp.example:587", 0, 10, 10 - failed, 0, failed, dropped, failed * 2, failed + dropped > 0 ? "535 authentication failed" : null, null);
}
