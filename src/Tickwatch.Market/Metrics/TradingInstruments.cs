using System.Diagnostics.Metrics;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Triggers;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>The trading engine's counts as instruments on the <c>Tickwatch.Trading</c> meter, labelled by the reference's wire names.</summary>
internal static class TradingInstruments
{
    public static void Register(Meter meter, TradingEngine engine, TriggerService triggers, PortfolioCalculator portfolios)
    {
        var statistics = engine.Statistics;
        var views = engine.Views;
        meter.CreateObservableCounter(
            MarketMetricNames.TradingFillsVsView,
            () => new[]
            {
                Count(views.ComparedSinceStart - views.DifferingSinceStart, "outcome", "within"),
                Count(views.DifferingSinceStart, "outcome", "differing"),
                Count(views.WithoutQuoteSinceStart, "outcome", "no_quote"),
            },
            "{fill}",
            "Market fills by how they compare with the price their client sent.");
        meter.CreateObservableGauge(MarketMetricNames.TradingPortfoliosTracked, () => portfolios.GetStatistics().AccountsTracked, "{account}", "Accounts the portfolio calculator revalues.");
        meter.CreateObservableGauge(
            MarketMetricNames.TradingPortfoliosDegraded, () => portfolios.DegradedCount, "{account}", "Accounts whose last portfolio is degraded.");
        meter.CreateObservableCounter(MarketMetricNames.TradingPortfolioRecomputes, () => portfolios.GetStatistics().Recomputes, "{portfolio}", "Portfolios computed and written.");
        meter.CreateObservableGauge(
            MarketMetricNames.TradingPortfolioRecomputeLatency,
            () => LatencyPercentiles.Of(portfolios.GetStatistics().RecomputeLatency),
            "s",
            "A quote's receipt to the portfolios it moved written, percentiles over the last minute.");
        meter.CreateObservableGauge(
            MarketMetricNames.TradingTriggerLatency,
            () => LatencyPercentiles.Of(triggers.GetStatistics().Latency),
            "s",
            "A crossing quote's receipt to the fill or close committed, percentiles over the trigger service's window.");
        meter.CreateObservableGauge(
            MarketMetricNames.TradingTriggersArmed,
            () => triggers.GetStatistics() is var t
                ? [Count(t.ArmedPending, "kind", "pending"), Count(t.ArmedStopLoss, "kind", "stop_loss"), Count(t.ArmedTakeProfit, "kind", "take_profit")]
                : Array.Empty<Measurement<long>>(),
            "{trigger}",
            "Armed triggers by kind.");
        meter.CreateObservableCounter(
            MarketMetricNames.TradingTriggersFired,
            () => triggers.GetStatistics() is var t
                ? [Count(t.FiredPending, "kind", "pending"), Count(t.FiredStopLoss, "kind", "stop_loss"), Count(t.FiredTakeProfit, "kind", "take_profit")]
                : Array.Empty<Measurement<long>>(),
            "{trigger}",
            "Triggers that filled or closed their order.");
        meter.CreateObservableGauge(
            MarketMetricNames.TradingTriggersWaitingOnStale, () => triggers.GetStatistics().WaitingOnStale, "{trigger}", "Crossed triggers waiting for a fresh price.");
        meter.CreateObservableGauge(
            MarketMetricNames.TradingTriggerIndexBacklog, () => triggers.GetStatistics().IndexBacklog, "{change}", "Trigger changes not yet written to the index.");
        meter.CreateObservableCounter(
            MarketMetricNames.TradingOrders,
            () => statistics.PlacedByType.Select(p => Count(p.Value, "type", TradingWire.Of(p.Key))),
            "{order}",
            "Orders placed (accepted), by type.");
        meter.CreateObservableCounter(MarketMetricNames.TradingFills, () => statistics.Fills, "{order}", "Orders filled, at market or by their trigger.");
        meter.CreateObservableCounter(
            MarketMetricNames.TradingOrdersFinished,
            () => statistics.FinishedByStatus.Where(f => OrderTypeRules.IsFinal(f.Key)).Select(f => Count(f.Value, "status", TradingWire.Of(f.Key))),
            "{order}",
            "Orders that ended, by final status.");
        meter.CreateObservableCounter(
            MarketMetricNames.TradingRefusals,
            () => statistics.RefusalsByReason.Select(r => Count(r.Value, "reason", TradingWire.Of(r.Key))),
            "{request}",
            "Requests refused, by reason.");
    }
}
