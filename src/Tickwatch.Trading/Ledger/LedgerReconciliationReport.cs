namespace Tickwatch.Trading.Ledger;

/// <summary>The reconciliation's state for <c>/api/debug/ledger</c>, the diagnosis and the metrics.</summary>
/// <param name="Last">The last completed run; null before the first.</param>
/// <param name="Runs">Runs completed since start.</param>
/// <param name="Failures">Runs that failed (the ledger or the store unreachable).</param>
/// <param name="LastError">Why the last run failed, when it did after the last completed one.</param>
/// <param name="LastFailedAt">When that was.</param>
public sealed record LedgerReconciliationReport(LedgerReconciliationResult? Last, long Runs, long Failures, string? LastError, DateTimeOffset? LastFailedAt);
