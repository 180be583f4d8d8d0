using Tickwatch.Market.Cluster;
using Tickwatch.Market.Trading;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>The body of <c>GET /api/debug/comprehensive</c>: every diagnostic in one call, each section under its own time limit.</summary>
/// <remarks>
/// The guide's Step 1 indicators: <c>redis_diagnostics.connected</c>, <c>websocket_diagnostics.connection_status.is_running</c>,
/// <c>market_data_diagnostics.data_freshness.missing_data_symbols</c> and <c>…data_freshness.freshness_rate</c>.
/// </remarks>
/// <param name="Timestamp">When the report was made.</param>
/// <param name="SectionTimeoutMs">The time each section was given.</param>
/// <param name="ReportMs">How long the whole report took (about the slowest section).</param>
/// <param name="IncompleteSections">Sections that timed out or failed; empty when all answered.</param>
/// <param name="SystemInfo">The process: version, uptime, memory, CPU.</param>
/// <param name="RedisDiagnostics">The store.</param>
/// <param name="WebsocketDiagnostics">The feed listeners.</param>
/// <param name="MarketDataDiagnostics">Freshness and consistency of the prices.</param>
/// <param name="BackgroundServices">The supervised background services.</param>
/// <param name="PerformanceMetrics">Throughput and latency.</param>
/// <param name="RecentErrors">The warnings and errors logged lately.</param>
/// <param name="TradingDiagnostics">The trading engine: orders, refusals by reason, the last executions with their quotes.</param>
/// <param name="Provider">The provider link: state, queue, orders in flight, reports, frame errors.</param>
public sealed record ComprehensiveReport(
    DateTimeOffset Timestamp,
    double SectionTimeoutMs,
    double ReportMs,
    IReadOnlyList<string> IncompleteSections,
    Section<SystemInfoSection> SystemInfo,
    Section<RedisSection> RedisDiagnostics,
    Section<WebSocketSection> WebsocketDiagnostics,
    Section<MarketDataSection> MarketDataDiagnostics,
    Section<BackgroundServicesSection> BackgroundServices,
    Section<PerformanceSection> PerformanceMetrics,
    Section<RecentErrorsSection> RecentErrors,
    Section<TradingReport> TradingDiagnostics,
    Section<ProviderLinkSnapshot> Provider)
{
    /// <summary>AutoCutoff: held accounts, stop-outs and their locks, decisions, e-mail (state <c>disabled</c> when off).</summary>
    public Section<AutoCutoffReport>? Autocutoff { get; init; }

    /// <summary>The cluster as this instance sees it: live instances, leases, partitions, orphaned work, fenced writes (as <c>/api/debug/instances</c>).</summary>
    public Section<InstancesReport>? Instances { get; init; }
}
