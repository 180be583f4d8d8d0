using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.AutoCutoff;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Diagnostics.MarketData;
using Tickwatch.Market.Diagnostics.RecentErrors;
using Tickwatch.Market.Diagnostics.WebSocket;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Health;
using Tickwatch.Market.Startup;
using Tickwatch.Market.Trading;
using Tickwatch.Storage.Diagnostics;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Gathers the comprehensive report from the existing report builders, every section at once and each under its own time limit.</summary>
/// <remarks>The diagnosis, the dashboard and metrics read the same report, so what they say always matches what operators can see.</remarks>
public sealed class ComprehensiveDiagnostics(
    FeedListenerSet feeds,
    PriceBook book,
    RedisClusterDiagnostics redis,
    PriceStoreWriter storeWriter,
    ServiceSupervisor supervisor,
    PrerequisiteStatus prerequisites,
    HealthMonitor healthMonitor,
    RecentErrorLog recentErrors,
    ProcessCpuMeter cpu,
    FeedFailureHistory failures,
    SectionRunner runner,
    IOptions<PricesOptions> prices,
    IOptions<DiagnosticsOptions> options,
    TimeProvider time,
    TradingDiagnostics trading,
    ProviderConnectionManager provider,
    IServiceProvider? services = null)
{
    public const string SystemInfoName = "system_info";
    public const string RedisName = "redis_diagnostics";
    public const string WebSocketName = "websocket_diagnostics";
    public const string MarketDataName = "market_data_diagnostics";
    public const string BackgroundServicesName = "background_services";
    public const string PerformanceName = "performance_metrics";
    public const string RecentErrorsName = "recent_errors";
    public const string TradingName = "trading_diagnostics";
    public const string AutoCutoffName = "autocutoff";
    public const string ProviderName = "provider";
    public const string InstancesName = "instances";

    private static readonly string Version =
        typeof(ComprehensiveDiagnostics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ComprehensiveDiagnostics).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The report as of now; never throws except for cancellation.</summary>
    public async Task<ComprehensiveReport> CollectAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var limit = options.Value.SectionTimeout;
        var system = runner.RunAsync(SystemInfoName, _ => Task.FromResult(SystemInfo()), limit, cancellationToken);
        var store = runner.RunAsync(RedisName, async ct => RedisSection.From(await redis.GetReportAsync(ct).ConfigureAwait(false)), limit, cancellationToken);
        var websocket = runner.RunAsync(WebSocketName, WebSocketAsync, limit, cancellationToken);
        var marketData = runner.RunAsync(
            MarketDataName,
            _ => Task.FromResult(MarketDataSection.From(MarketDataReportBuilder.Build(book, time.GetUtcNow(), prices.Value.DefaultMaxQuoteAge))),
            limit,
            cancellationToken);
        var backgroundServices = runner.RunAsync(
            BackgroundServicesName,
            _ => Task.FromResult(BackgroundServicesSection.From(supervisor.Snapshot(), prerequisites.Snapshot(), healthMonitor.LastResult)),
            limit,
            cancellationToken);
        var performance = runner.RunAsync(PerformanceName, _ => Task.FromResult(Performance()), limit, cancellationToken);
        var errors = runner.RunAsync(
            RecentErrorsName,
            _ => Task.FromResult(RecentErrorsSection.From(recentErrors, options.Value.RecentErrorsShown)),
            limit,
            cancellationToken);
        var tradingSection = runner.RunAsync(TradingName, _ => Task.FromResult(trading.Report()), limit, cancellationToken);
        var autoCutoff = runner.RunAsync(
            AutoCutoffName, _ => Task.FromResult(services is null ? AutoCutoffDiagnosticsEndpoints.Disabled : AutoCutoffDiagnosticsEndpoints.ReportOf(services)), limit, cancellationToken);
        var providerSection = runner.RunAsync(ProviderName, _ => Task.FromResult(ProviderDiagnosticsEndpoints.ReportOf(provider, services)), limit, cancellationToken);
        var instances = services is null ? null : runner.RunAsync(InstancesName, ct => ClusterDiagnosticsEndpoints.ReportOf(services, ct), limit, cancellationToken);
        await Task.WhenAll(system, store, websocket, marketData, backgroundServices, performance, errors, tradingSection, providerSection, autoCutoff).ConfigureAwait(false);
        var instancesSection = instances is null ? null : await instances.ConfigureAwait(false);

        var sections = new (string Name, SectionStatus Status)[]
        {
            (SystemInfoName, system.Result.Status),
            (RedisName, store.Result.Status),
            (WebSocketName, websocket.Result.Status),
            (MarketDataName, marketData.Result.Status),
            (BackgroundServicesName, backgroundServices.Result.Status),
            (PerformanceName, performance.Result.Status),
            (RecentErrorsName, errors.Result.Status),
            (TradingName, tradingSection.Result.Status),
            (ProviderName, providerSection.Result.Status),
            (AutoCutoffName, autoCutoff.Result.Status),
            (InstancesName, instancesSection?.Status ?? SectionStatus.Ok),
        };
        return new ComprehensiveReport(
            time.GetUtcNow(),
            limit.TotalMilliseconds,
            Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3),
            [.. sections.Where(s => s.Status != SectionStatus.Ok).Select(s => s.Name)],
            system.Result,
            store.Result,
            websocket.Result,
            marketData.Result,
            backgroundServices.Result,
            performance.Result,
            errors.Result,
            tradingSection.Result,
            providerSection.Result)
        {
            Autocutoff = autoCutoff.Result,
            Instances = instancesSection,
        };
    }

    private SystemInfoSection SystemInfo()
    {
        const double MiB = 1024 * 1024;
        var memory = MemoryReading.Read();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var now = time.GetUtcNow();
        return new SystemInfoSection(
            "market",
            Version,
            Environment.ProcessId,
            Environment.MachineName,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            Environment.ProcessorCount,
            cpu.ProcessStartedAt,
            Math.Round((now - cpu.ProcessStartedAt).TotalSeconds, 3),
            StoreKindNames.Of(redis.Kind),
            prerequisites.Degraded,
            new MemoryUsage(
                Math.Round(Environment.WorkingSet / MiB, 1),
                Math.Round(GC.GetTotalMemory(forceFullCollection: false) / MiB, 1),
                memory?.Scope,
                memory?.UsedPercent,
                memory is { } used ? Math.Round(used.UsedBytes / MiB, 1) : null,
                memory is { } total ? Math.Round(total.TotalBytes / MiB, 1) : null),
            cpu.Read(),
            process.Threads.Count);
    }

    private async Task<WebSocketSection> WebSocketAsync(CancellationToken ct)
    {
        var snapshots = feeds.Snapshot();
        var perHour = failures.Record(snapshots.ToDictionary(f => f.Name, f => f.ConnectionFailures, StringComparer.Ordinal));

        // Without the cluster's roles (a host composed without them) every feed is this instance's, as in single mode.
        var roles = services?.GetService<FeedRoles>() is { } known
            ? await known.OfAsync(snapshots.Select(f => f.Name), ct).ConfigureAwait(false)
            : null;
        return WebSocketSection.From(WebSocketReportBuilder.Build(snapshots, time.GetUtcNow(), roles), snapshots, perHour, roles);
    }

    private PerformanceSection Performance() => new(
        WebSocketReportBuilder.Build(feeds.Snapshot(), time.GetUtcNow()).PerformanceMetrics,
        storeWriter.GetStatistics(),
        RuntimeFigures.Read());
}
