using Tickwatch.Market.Cluster;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Diagnostics.Diagnosis;

namespace Tickwatch.Market.Dashboard;

/// <summary>The body of <c>GET /api/debug/dashboard</c>: everything the dashboard page draws, from one set of figures.</summary>
/// <param name="Timestamp">When the figures were taken.</param>
/// <param name="Diagnosis">What <c>/api/debug/diagnosis</c> says of these figures: overall status and findings.</param>
/// <param name="WebsocketDiagnostics">The feeds as <c>/api/debug/comprehensive</c> shows them (<c>feeds</c>, <c>connection_status</c>…).</param>
/// <param name="RateHistory">Each feed's message rate and state over the last minutes.</param>
/// <param name="Symbols">Every symbol's freshness, in symbol order.</param>
/// <param name="Redis">The store and its nodes.</param>
/// <param name="BackgroundServices">The supervised background services as <c>/api/debug/comprehensive</c> shows them.</param>
/// <param name="Trading">The trading engine from the comprehensive report's <c>trading_diagnostics</c>: orders, refusals, triggers, portfolios, last executions.</param>
/// <param name="IncompleteSections">Sections that timed out or failed; empty when all answered.</param>
public sealed record DashboardReport(
    DateTimeOffset Timestamp,
    DiagnosisReport Diagnosis,
    Section<WebSocketSection> WebsocketDiagnostics,
    FeedRateHistoryView RateHistory,
    IReadOnlyList<SymbolFreshnessView> Symbols,
    Section<RedisNodesView> Redis,
    Section<BackgroundServicesSection> BackgroundServices,
    Section<TradingPanelView> Trading,
    IReadOnlyList<string> IncompleteSections)
{
    /// <summary>The cluster as the comprehensive report's <c>instances</c> section shows it; null when the report was composed without it.</summary>
    public Section<InstancesReport>? Instances { get; init; }
}
