using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>
/// The last reconciliation found accounts whose hot state differs from the ledger (balance, positions, pending orders or
/// a revision below the ledger's): critical, since a client's money or positions are not what the books of record say.
/// Passed while the ledger is off or before the first reconciliation.
/// </summary>
public sealed class LedgerDriftRule : IDiagnosisRule
{
    /// <summary>Accounts named in the finding's text (the evidence lists the report's).</summary>
    public const int Named = 5;

    public string Id => "ledger_drift";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Trading is not { } trading)
        {
            return RuleOutcome.NotApplicable;
        }

        if (trading.LedgerReconciliation is not { Last: { } last } report)
        {
            var off = trading.LedgerReconciliation is null;
            return RuleOutcome.Ok(Id, off ? "No ledger to reconcile with (Ledger:Enabled is off)" : "No reconciliation with the ledger has run yet", new Dictionary<string, object?>
            {
                ["ledger_enabled"] = !off,
                ["failures"] = trading.LedgerReconciliation?.Failures ?? 0,
                ["last_error"] = trading.LedgerReconciliation?.LastError,
            });
        }

        var evidence = new Dictionary<string, object?>
        {
            ["checked_accounts"] = last.Checked,
            ["in_agreement"] = last.InAgreement,
            ["behind"] = last.Behind,
            ["drifting"] = last.Drifting,
            ["ran_at"] = last.At,
            ["failures"] = report.Failures,
        };
        if (last.Drifting == 0)
        {
            return RuleOutcome.Ok(Id, Invariant($"Hot state agrees with the ledger ({last.InAgreement} accounts compared, {last.Behind} behind)"), evidence);
        }

        var named = last.Drifts.Take(Named).ToList();
        evidence["drifts"] = last.Drifts;
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Critical,
            "Hot state differs from the ledger",
            Invariant($"{last.Drifting} account(s) differ from the ledger: {string.Join("; ", named.Select(d => d.Account + " (" + string.Join(", ", d.Differences.Take(2)) + ")"))}"),
            "The trading store holds balances, positions or pending orders that the books of record do not (compared only where the outbox is written, so this is not lag): "
            + "a Redis failover that lost acknowledged writes, a flush, or a change made behind the engine's back.",
            evidence,
            "List the differences: curl -s http://localhost:8000/api/debug/ledger | jq '.reconciliation.last.drifts'; check again: curl -s -X POST http://localhost:8000/api/debug/ledger/reconciliation. "
            + "If the store lost changes the ledger has, stop the market service and run tickwatch trading restore (it replaces only accounts the store holds below the ledger's revision)."));
    }
}
