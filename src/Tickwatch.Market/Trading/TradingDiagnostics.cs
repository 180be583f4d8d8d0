using Microsoft.Extensions.Hosting;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Market.Trading;

/// <summary>Builds the trading report that <c>/api/debug/trading</c>, the comprehensive report and the diagnosis read.</summary>
public sealed class TradingDiagnostics(
    TradingEngine engine,
    ITradingStore store,
    TriggerService triggers,
    PortfolioCalculator portfolios,
    IEnumerable<IHostedService> hosted,
    TimeProvider time,
    LedgerReconciliation? reconciliation = null)
{
    private readonly TradingSeedService? _seed = hosted.OfType<TradingSeedService>().FirstOrDefault();

    public TradingReport Report()
    {
        var statistics = engine.Statistics;
        return new TradingReport(
            time.GetUtcNow(),
            store is RedisTradingStore ? "redis_cluster" : "in_memory",
            new TradingSeedView(_seed?.Done ?? false, _seed?.LastError),
            new TradingOrderCounts(
                statistics.PlacedByType.ToDictionary(p => TradingWire.Of(p.Key), p => p.Value, StringComparer.Ordinal),
                statistics.FinishedByStatus.Where(f => f.Value > 0).ToDictionary(f => TradingWire.Of(f.Key), f => f.Value, StringComparer.Ordinal),
                statistics.Fills),
            new TradingRefusals(
                statistics.RefusalsByReason.Where(r => r.Value > 0).ToDictionary(r => TradingWire.Of(r.Key), r => r.Value, StringComparer.Ordinal),
                statistics.LastRefusals),
            [.. statistics.LastExecutions.Select(o => new ExecutionView(
                o.Id,
                o.CloseQuote is null ? o.OpenedAt : o.ClosedAt,
                o.Account.ToString(),
                o.Symbol,
                TradingWire.Of(o.Type),
                TradingWire.Of(o.Status),
                o.Volume,
                o.CloseQuote is null ? o.OpenPrice : o.ClosePrice,
                o.CloseQuote ?? o.OpenQuote))])
        {
            Triggers = triggers.GetStatistics(),
            Portfolios = portfolios.GetStatistics(),
            ViewMismatch = engine.Views.GetStatistics(),
            LedgerReconciliation = reconciliation?.Report(),
        };
    }
}
