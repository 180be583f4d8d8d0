using System.Diagnostics.Metrics;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Market.Metrics;

/// <summary>The provider link's snapshot as instruments on the <c>Tickwatch.Trading</c> meter: what <c>/api/debug/provider</c> shows, for alerts.</summary>
internal static class ProviderInstruments
{
    public static void Register(Meter meter, ProviderConnectionManager link)
    {
        meter.CreateObservableGauge(MarketMetricNames.ProviderEnabled, () => link.Options.Enabled ? 1 : 0, null, "1 when ProviderLink:Enabled is true.");
        meter.CreateObservableGauge(MarketMetricNames.ProviderLinkUp, () => link.IsConnected ? 1 : 0, null, "1 while the link to the execution gateway is connected.");
        meter.CreateObservableGauge(
            MarketMetricNames.ProviderRoutedAccounts, () => link.Snapshot().ProviderRoutedAccounts, "{account}", "Accounts routed to the provider at the store's last scan.");
        meter.CreateObservableGauge(MarketMetricNames.ProviderQueueDepth, () => link.Snapshot().QueueDepth, "{request}", "Requests waiting in the send queue.");
        meter.CreateObservableGauge(MarketMetricNames.ProviderInFlight, () => link.Snapshot().InFlight.Count, "{order}", "Orders with requests at the provider (resting ones included).");
        meter.CreateObservableGauge(
            MarketMetricNames.ProviderStuck, () => link.Snapshot().Stuck, "{order}", "Orders owed an answer for longer than ProviderLink:StuckAfter.");
        meter.CreateObservableGauge(
            MarketMetricNames.ProviderOldestAwaiting, () => link.Snapshot().OldestAwaitingSeconds, "s", "Age of the oldest request owed an answer; 0 when none.");
        meter.CreateObservableCounter(MarketMetricNames.ProviderReconnects, () => link.Snapshot().Reconnects, "{connection}", "Connections after the first one.");
        meter.CreateObservableCounter(MarketMetricNames.ProviderRefused, () => link.Snapshot().Refused, "{request}", "Requests refused: link down or send queue full.");
        meter.CreateObservableCounter(MarketMetricNames.ProviderReports, Reports(link), "{report}", "Execution reports by outcome: applied, duplicate (ignored), ignored (did not fit).");
        meter.CreateObservableCounter(MarketMetricNames.ProviderFrameErrors, FrameErrors(link), "{frame}", "Frames from the gateway refused, by category.");
    }

    /// <summary>The pending monitor's counters.</summary>
    public static void Register(Meter meter, ProviderPendingMonitor monitor)
    {
        meter.CreateObservableGauge(MarketMetricNames.ProviderPendingWatched, () => monitor.Watched, "{order}", "Provider orders resting PENDING that the pending monitor re-checks.");
        meter.CreateObservableCounter(MarketMetricNames.ProviderPendingChecks, () => monitor.Snapshot().Checks, "{check}", "Resting provider orders checked.");
        meter.CreateObservableCounter(MarketMetricNames.ProviderPendingCancels, Cancels(monitor), "{cancel}", "Cancels of resting provider orders whose account's free margin no longer sufficed.");
        meter.CreateObservableCounter(
            MarketMetricNames.ProviderPendingHeld,
            () => monitor.Snapshot().HoldsByReason.Select(e => new Measurement<long>(e.Value, new KeyValuePair<string, object?>("reason", e.Key))),
            "{check}",
            "Checks held, by reason: stale price, market closed, degraded portfolio, link down, or every order's one cancel used.");
        meter.CreateObservableGauge(MarketMetricNames.ProviderPendingHolding, () => monitor.Snapshot().Holding.Count, "{order}", "Resting provider orders the pending monitor holds now.");
        meter.CreateObservableGauge(
            MarketMetricNames.ProviderPendingOldestHold, () => monitor.Snapshot().OldestHoldSeconds, "s", "How long the oldest current hold has lasted (market-closed holds aside); 0 when none.");
    }

    private static Func<IEnumerable<Measurement<long>>> Cancels(ProviderPendingMonitor monitor) => () =>
    {
        var snapshot = monitor.Snapshot();
        return
        [
            new Measurement<long>(snapshot.CancelsSent - snapshot.CancelsQueued, new KeyValuePair<string, object?>("outcome", "sent")),
            new Measurement<long>(snapshot.CancelsQueued, new KeyValuePair<string, object?>("outcome", "queued")),
            new Measurement<long>(snapshot.CancelsRefused, new KeyValuePair<string, object?>("outcome", "refused")),
        ];
    };

    private static Func<IEnumerable<Measurement<long>>> Reports(ProviderConnectionManager link) => () =>
    {
        var snapshot = link.Snapshot();
        return
        [
            new Measurement<long>(snapshot.ReportsApplied, new KeyValuePair<string, object?>("outcome", "applied")),
            new Measurement<long>(snapshot.DuplicatesIgnored, new KeyValuePair<string, object?>("outcome", "duplicate")),
            new Measurement<long>(snapshot.ReportsIgnored, new KeyValuePair<string, object?>("outcome", "ignored")),
        ];
    };

    private static Func<IEnumerable<Measurement<long>>> FrameErrors(ProviderConnectionManager link) => () =>
        link.Counters.RefusedByCategory().Select(e => new Measurement<long>(e.Value, new KeyValuePair<string, object?>("category", e.Key)));
}
