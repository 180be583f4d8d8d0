using System.Diagnostics.Metrics;
using Tickwatch.Trading.AutoCutoff;

namespace Tickwatch.Market.Metrics;

/// <summary>The AutoCutoff watcher's figures as instruments on the <c>Tickwatch.Trading</c> meter: what <c>/api/debug/autocutoff</c> shows, for alerts.</summary>
internal static class AutoCutoffInstruments
{
    public static void Register(Meter meter, AutoCutoffWatcher watcher)
    {
        meter.CreateObservableCounter(
            MarketMetricNames.AutoCutoffDecisions,
            () => watcher.DecisionCounts().Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("decision", d.Key))),
            "{decision}",
            "AutoCutoff decisions by kind: safe, margin_call_sent, margin_call_suppressed, held, stop_out_started, close_position, stop_out_finished, stop_out_busy, stop_out_lost, recovered.");
        meter.CreateObservableCounter(
            MarketMetricNames.AutoCutoffHolds,
            () => watcher.HoldCounts().Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("reason", d.Key))),
            "{hold}",
            "Accounts that came to be held (not acted on), by reason: stale_price, degraded_portfolio, missing_margin_level, stale_portfolio, missing_portfolio, provider_close_outstanding, provider_rejected, provider_unavailable.");
        meter.CreateObservableGauge(MarketMetricNames.AutoCutoffHeldAccounts, () => watcher.HeldAccounts, "{account}", "Accounts AutoCutoff cannot act on now (stale or missing figures).");
        meter.CreateObservableGauge(MarketMetricNames.AutoCutoffStopOuts, () => watcher.StopOutsRunning().Running, "{stop_out}", "Stop-outs running in this service.");
        meter.CreateObservableGauge(
            MarketMetricNames.AutoCutoffOldestStopOut, () => watcher.StopOutsRunning().OldestSeconds, "s", "Age of the oldest stop-out running in this service; 0 when none.");
        meter.CreateObservableCounter(MarketMetricNames.AutoCutoffCloses, () => watcher.Closes, "{position}", "Positions closed by stop-outs.");
        meter.CreateObservableCounter(
            MarketMetricNames.AutoCutoffProviderCloses,
            () => watcher.ProviderCloseCounts().Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("outcome", d.Key))),
            "{close}",
            "Stop-out closes of provider-routed positions by outcome: requested (asked of the provider), filled, rejected, timed_out (no report within AutoCutoff:ProviderCloseTimeout).");
        meter.CreateObservableCounter(MarketMetricNames.AutoCutoffLocksLost, () => watcher.LocksLost, "{lock}", "Stop-outs that lost their lock (expired or taken) while working.");
        meter.CreateObservableCounter<long>(
            MarketMetricNames.AutoCutoffMail,
            () =>
            {
                var mail = watcher.Mail;
                return (IEnumerable<Measurement<long>>)
                [
                    new Measurement<long>(mail.Sent, new KeyValuePair<string, object?>("outcome", "sent")),
                    new Measurement<long>(mail.Written, new KeyValuePair<string, object?>("outcome", "written")),
                    new Measurement<long>(mail.Failed, new KeyValuePair<string, object?>("outcome", "failed")),
                    new Measurement<long>(mail.Dropped, new KeyValuePair<string, object?>("outcome", "dropped")),
                ];
            },
            "{message}",
            "Margin-call e-mails by outcome: sent (SMTP), written (.eml file), failed (given up after retries), dropped (queue full).");
        meter.CreateObservableGauge(
            MarketMetricNames.AutoCutoffFirstCloseP99, () => watcher.FirstCloseLatency.P99Ms / 1000.0, "s", "p99 over 5 minutes from the quote that breached a liquidation level to the first close.");
    }
}
