using System.Diagnostics.Metrics;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>The trading engine's counts as instruments on the <c>Tickwatch.Trading</c> meter, labelled by the reference's wire names.</summary>
internal static class TradingInstruments
{
    public static void Register(Meter meter, TradingStatistics statistics)
    {
        meter.CreateObservableCounter(
            MarketMetricNames.TradingOrders,
            () => statistics.PlacedByType.Select(p => Count(p.Value, "type", TradingWire.Of(p.Key))),
            "{order}",
            "Orders placed (accepted), by type.");
        meter.CreateObservableCounter(MarketMetricNames.TradingFills, () => statistics.Fills, "{order}", "Orders filled, at market or by their trigger.");
        meter.CreateObservableCounter(
            MarketMetricNames.TradingOrdersFinished,
            () => statistics.FinishedByStatus.Select(f => Count(f.Value, "status", TradingWire.Of(f.Key))),
            "{order}",
            "Orders that ended, by final status.");
        meter.CreateObservableCounter(
            MarketMetricNames.TradingRefusals,
            () => statistics.RefusalsByReason.Select(r => Count(r.Value, "reason", TradingWire.Of(r.Key))),
            "{request}",
            "Requests refused, by reason.");
    }
}
