using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.Market.Trading;

/// <summary><c>GET /api/debug/trading</c>: orders, refusals by reason, and the last executions with the quotes they used.</summary>
public static class TradingDiagnosticsEndpoints
{
    public static RouteGroupBuilder MapTradingDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/trading", (IServiceProvider services, TimeProvider time) => Get(services, time))
            .WithName("TradingDiagnostics")
            .WithSummary("Orders by type and final status, refusals by reason, the last executions with their quote lineage.");
        return debug;
    }

    /// <summary>The report, also for the comprehensive diagnostics.</summary>
    public static TradingReport Report(IServiceProvider services, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(time);
        var statistics = services.GetRequiredService<TradingEngine>().Statistics;
        var seed = services.GetServices<IHostedService>().OfType<TradingSeedService>().FirstOrDefault();
        return new TradingReport(
            time.GetUtcNow(),
            services.GetRequiredService<ITradingStore>() is RedisTradingStore ? "redis_cluster" : "in_memory",
            new TradingSeedView(seed?.Done ?? false, seed?.LastError),
            new TradingOrderCounts(
                statistics.PlacedByType.ToDictionary(p => TradingWire.Of(p.Key), p => p.Value, StringComparer.Ordinal),
                statistics.FinishedByStatus.Where(f => f.Value > 0).ToDictionary(f => TradingWire.Of(f.Key), f => f.Value, StringComparer.Ordinal),
                statistics.Fills),
            new TradingRefusals(
                statistics.RefusalsByReason.Where(r => r.Value > 0).ToDictionary(r => TradingWire.Of(r.Key), r => r.Value, StringComparer.Ordinal),
                statistics.LastRefusals),
            [.. statistics.LastExecutions.Select(o => new ExecutionView(
                o.Id,
                o.Account.ToString(),
                o.Symbol,
                TradingWire.Of(o.Type),
                TradingWire.Of(o.Status),
                o.Volume,
                o.CloseQuote is null ? o.OpenPrice : o.ClosePrice,
                o.CloseQuote ?? o.OpenQuote))]);
    }

    private static Ok<TradingReport> Get(IServiceProvider services, TimeProvider time) => TypedResults.Ok(Report(services, time));
}
