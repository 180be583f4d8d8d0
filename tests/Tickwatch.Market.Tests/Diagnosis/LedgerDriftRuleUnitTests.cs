using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>The ledger drift rule: critical naming the accounts when the last reconciliation drifted, passed otherwise.</summary>
public sealed class LedgerDriftRuleUnitTests
{
    private readonly LedgerDriftRule _rule = new();

    [Fact]
    public void A_drifting_reconciliation_is_a_critical_finding_naming_the_accounts_and_what_differs()
    {
        var drift = new AccountDrift("live:42", ["balance: store 110.00, ledger 100.00", "position p1: active in the ledger, not in the store"]);
        var snapshot = With(new LedgerReconciliationResult(Snapshots.At, 12.5, 10, 8, 1, 1, [drift]));

        var finding = _rule.Evaluate(snapshot).Finding!;

        Assert.Equal((Severity.Critical, "ledger_drift"), (finding.Severity, finding.Id));
        Assert.Contains("live:42 (balance: store 110.00, ledger 100.00, position p1", finding.Symptom, StringComparison.Ordinal);
        Assert.Equal(1, finding.Evidence["drifting"]);
    }

    [Fact]
    public void Agreement_no_run_yet_and_a_ledger_that_is_off_pass_and_no_trading_report_is_not_judged()
    {
        Assert.NotNull(_rule.Evaluate(With(new LedgerReconciliationResult(Snapshots.At, 3, 10, 9, 0, 1, []))).Passed);
        Assert.NotNull(_rule.Evaluate(Snapshots.Healthy() with { Trading = Snapshots.Trading() with { LedgerReconciliation = new LedgerReconciliationReport(null, 0, 1, "down", Snapshots.At) } }).Passed);
        Assert.NotNull(_rule.Evaluate(Snapshots.Healthy()).Passed);
        Assert.Equal(RuleOutcome.NotApplicable, _rule.Evaluate(Snapshots.Healthy() with { Trading = null }));
    }

    private static DiagnosisSnapshot With(LedgerReconciliationResult last) =>
        Snapshots.Healthy() with { Trading = Snapshots.Trading() with { LedgerReconciliation = new LedgerReconciliationReport(last, 1, 0, null, null) } };
}
