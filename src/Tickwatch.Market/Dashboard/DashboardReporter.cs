using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Storage.Diagnostics;

namespace Tickwatch.Market.Dashboard;

/// <summary>Builds the dashboard's report from the comprehensive report (trading included), its diagnosis, the price book, the Redis report and the rate history.</summary>
/// <remarks>The diagnosis judges the very report whose feeds and services the page shows, so the header never disagrees with the panels.</remarks>
public sealed class DashboardReporter(
    ComprehensiveDiagnostics comprehensive,
    DiagnosisService diagnosis,
    RedisClusterDiagnostics redis,
    SectionRunner runner,
    PriceBook book,
    FeedRateHistory history,
    IOptions<DiagnosticsOptions> options)
{
    public const string RedisNodesName = "redis_nodes";

    /// <summary>The report as of now; a section that times out or fails is reported as such, never thrown.</summary>
    public async Task<DashboardReport> BuildAsync(CancellationToken cancellationToken)
    {
        var nodes = runner.RunAsync(
            RedisNodesName,
            async ct => RedisNodesView.From(await redis.GetReportAsync(ct).ConfigureAwait(false)),
            options.Value.SectionTimeout,
            cancellationToken);
        var report = await comprehensive.CollectAsync(cancellationToken).ConfigureAwait(false);
        var redisNodes = await nodes.ConfigureAwait(false);
        return new DashboardReport(
            report.Timestamp,
            diagnosis.Diagnose(report),
            report.WebsocketDiagnostics,
            history.Read(),
            SymbolFreshnessView.Of(book.Snapshot()),
            redisNodes,
            report.BackgroundServices,
            report.TradingDiagnostics.Select(TradingPanelView.From),
            redisNodes.Status == SectionStatus.Ok ? report.IncompleteSections : [.. report.IncompleteSections, RedisNodesName])
        {
            Instances = report.Instances,
        };
    }
}
