using System.Diagnostics.Metrics;
using Tickwatch.Trading.Ledger;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>The ledger writer's report as instruments on the <c>Tickwatch.Trading</c> meter: what <c>/api/debug/ledger</c> shows, for alerts.</summary>
internal static class LedgerInstruments
{
    private static readonly string[] States = [.. Enum.GetValues<LedgerWriterState>().Select(s => SnakeCase(s))];

    public static void Register(Meter meter, LedgerWriter writer, LedgerReconciliation? reconciliation = null, TimeProvider? time = null)
    {
        meter.CreateObservableGauge(
            MarketMetricNames.LedgerLag, () => writer.Report().Lag.TotalSeconds, "s", "Age of the oldest outbox entry not yet in the ledger; 0 when drained.");
        meter.CreateObservableGauge(
            MarketMetricNames.LedgerOutboxDepth, () => writer.Report().OutboxDepth, "{entry}", "Outbox entries waiting for the ledger, as of the writer's last pass.");
        meter.CreateObservableCounter(MarketMetricNames.LedgerWritten, () => writer.Report().Written, "{event}", "Events written to the ledger.");
        meter.CreateObservableCounter(
            MarketMetricNames.LedgerDuplicates, () => writer.Report().Duplicates, "{entry}", "Outbox entries the ledger held already (a restart between a write and its trim).");
        meter.CreateObservableCounter(MarketMetricNames.LedgerFailures, () => writer.Report().Failures, "{pass}", "Writer passes that failed.");
        meter.CreateObservableGauge(
            MarketMetricNames.LedgerPoisonEntries, () => writer.Report().Poison.Count, "{entry}", "Outbox entries the writer holds their accounts at.");
        meter.CreateObservableCounter(MarketMetricNames.LedgerPoisonSeen, () => writer.Report().PoisonSeen, "{entry}", "Poison entries the writer met since start, each once.");
        meter.CreateObservableGauge(
            MarketMetricNames.LedgerPendingAccounts, () => writer.Report().PendingAccounts, "{account}", "Accounts with outbox entries waiting, as of the writer's last pass.");
        meter.CreateObservableGauge(
            MarketMetricNames.LedgerWriterState, () => StateFlags(SnakeCase(writer.State)), null, "1 for the writer's current state.");
        if (reconciliation is not null)
        {
            RegisterReconciliation(meter, reconciliation, time ?? TimeProvider.System);
        }
    }

    // Absent before the first run, so an alert on drift never reads a run that did not happen as agreement.
    private static void RegisterReconciliation(Meter meter, LedgerReconciliation reconciliation, TimeProvider time)
    {
        meter.CreateObservableGauge(
            MarketMetricNames.LedgerReconciliationDrifting,
            () => reconciliation.Report().Last is { } last ? [new Measurement<int>(last.Drifting)] : Array.Empty<Measurement<int>>(),
            "{account}",
            "Accounts whose hot state differed from the ledger at the last reconciliation.");
        meter.CreateObservableGauge(
            MarketMetricNames.LedgerReconciliationBehind,
            () => reconciliation.Report().Last is { } last ? [new Measurement<int>(last.Behind)] : Array.Empty<Measurement<int>>(),
            "{account}",
            "Accounts not compared at the last reconciliation: their outbox was not written yet.");
        meter.CreateObservableGauge(
            MarketMetricNames.LedgerReconciliationLastRunAge,
            () => reconciliation.Report().Last is { } last ? [new Measurement<double>((time.GetUtcNow() - last.At).TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s",
            "Time since the last completed reconciliation started.");
        meter.CreateObservableCounter(
            MarketMetricNames.LedgerReconciliationFailures, () => reconciliation.Report().Failures, "{run}", "Reconciliations that failed.");
    }

    // Every state on every scrape, so a state that was left reads 0 instead of keeping its last value.
    private static IEnumerable<Measurement<int>> StateFlags(string current) =>
        States.Select(state => new Measurement<int>(state == current ? 1 : 0, new KeyValuePair<string, object?>("state", state)));
}
