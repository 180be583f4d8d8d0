using Tickwatch.Market.Cluster;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Trading;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>One set of live figures that every rule judges: the comprehensive report's sections, null where a section is unavailable.</summary>
/// <param name="At">When the figures were taken.</param>
/// <param name="System">Process, memory, CPU.</param>
/// <param name="Redis">The store.</param>
/// <param name="WebSocket">The feed listeners.</param>
/// <param name="MarketData">Freshness and consistency.</param>
/// <param name="Services">Background services.</param>
/// <param name="Performance">Throughput, store writer, runtime.</param>
/// <param name="RecentErrors">Warnings and errors logged lately.</param>
/// <param name="Unavailable">Sections that timed out or failed.</param>
public sealed record DiagnosisSnapshot(
    DateTimeOffset At,
    SystemInfoSection? System,
    RedisSection? Redis,
    WebSocketSection? WebSocket,
    MarketDataSection? MarketData,
    BackgroundServicesSection? Services,
    PerformanceSection? Performance,
    RecentErrorsSection? RecentErrors,
    IReadOnlyList<UnavailableSection> Unavailable)
{
    /// <summary>The trading engine's report, null when unavailable.</summary>
    public TradingReport? Trading { get; init; }

    /// <summary>AutoCutoff's report, null when unavailable.</summary>
    public AutoCutoffReport? AutoCutoff { get; init; }

    /// <summary>The provider link, null when unavailable.</summary>
    public ProviderLinkSnapshot? Provider { get; init; }

    /// <summary>The cluster as this instance sees it, null when unavailable.</summary>
    public InstancesReport? Instances { get; init; }

    public static DiagnosisSnapshot From(ComprehensiveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var unavailable = new List<UnavailableSection>();
        return new DiagnosisSnapshot(
            report.Timestamp,
            Take(ComprehensiveDiagnostics.SystemInfoName, report.SystemInfo, unavailable),
            Take(ComprehensiveDiagnostics.RedisName, report.RedisDiagnostics, unavailable),
            Take(ComprehensiveDiagnostics.WebSocketName, report.WebsocketDiagnostics, unavailable),
            Take(ComprehensiveDiagnostics.MarketDataName, report.MarketDataDiagnostics, unavailable),
            Take(ComprehensiveDiagnostics.BackgroundServicesName, report.BackgroundServices, unavailable),
            Take(ComprehensiveDiagnostics.PerformanceName, report.PerformanceMetrics, unavailable),
            Take(ComprehensiveDiagnostics.RecentErrorsName, report.RecentErrors, unavailable),
            unavailable)
        {
            Trading = Take(ComprehensiveDiagnostics.TradingName, report.TradingDiagnostics, unavailable),
            AutoCutoff = report.Autocutoff is { } autoCutoff ? Take(ComprehensiveDiagnostics.AutoCutoffName, autoCutoff, unavailable) : null,
            Provider = Take(ComprehensiveDiagnostics.ProviderName, report.Provider, unavailable),
            Instances = report.Instances is { } instances ? Take(ComprehensiveDiagnostics.InstancesName, instances, unavailable) : null,
        };
    }

    private static T? Take<T>(string name, Section<T> section, List<UnavailableSection> unavailable)
        where T : class
    {
        if (section.Status == SectionStatus.Ok && section.Value is not null)
        {
            return section.Value;
        }

        unavailable.Add(new UnavailableSection(name, section.Status, section.Error));
        return null;
    }
}
