using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.MarketData;
using Tickwatch.Market.Diagnostics.RecentErrors;
using Tickwatch.Market.Diagnostics.WebSocket;
using Tickwatch.Market.Trading;
using Tickwatch.Storage.Diagnostics;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Forensics;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>Hand-built snapshots of live figures: a healthy system that each test breaks in one place.</summary>
internal static class Snapshots
{
    public static readonly DateTimeOffset At = new(2025, 1, 14, 3, 0, 0, TimeSpan.Zero);

    public static DiagnosisSnapshot Healthy() => new(At, System(), Redis(), WebSocket(), MarketData(), Services(), null, RecentErrors(), []) { Trading = Trading(), Provider = Provider(), AutoCutoff = new Tickwatch.Trading.AutoCutoff.AutoCutoffReport { State = "running", Owner = "market-a" }, Instances = SingleInstance() };

    /// <summary>Single mode's cluster: this one instance, every partition its own, no lease.</summary>
    public static Tickwatch.Market.Cluster.InstancesReport SingleInstance() => new(
        "market-a",
        Tickwatch.Market.Cluster.InstancesReport.SingleMode,
        At,
        [new("market-a", "market", null, At.AddHours(-1), At, new Dictionary<string, long>(), [.. Enumerable.Range(0, 16)], [], false)],
        [],
        Enumerable.Range(0, 16).ToDictionary(p => p.ToString(global::System.Globalization.CultureInfo.InvariantCulture), _ => (string?)"market-a"),
        [.. Enumerable.Range(0, 16)],
        MarketInstances: 1,
        OrphanedWork: 0,
        LeaseChanges: 0,
        FencedWrites: 0,
        LastLeaseLostAt: null,
        LastFencedWriteAt: null);

    /// <summary>A connected provider link with one account routed to it and nothing owed.</summary>
    public static ProviderLinkSnapshot Provider(ProviderLinkState state = ProviderLinkState.Connected, int stuck = 0, params ProviderInFlightOrder[] inFlight) => new()
    {
        Enabled = true,
        State = state,
        Endpoint = "tcp://127.0.0.1:9002",
        ProviderRoutedAccounts = 1,
        Connections = 1,
        FrameErrors = new Dictionary<string, long>(),
        InFlight = inFlight,
        Stuck = stuck,
        OldestAwaitingSeconds = stuck > 0 ? 95 : 0,
        PendingMonitor = PendingMonitor(),
    };

    /// <summary>The pending monitor watching one resting order, holding <paramref name="holding"/>.</summary>
    public static ProviderPendingMonitorSnapshot PendingMonitor(params ProviderPendingHold[] holding) => new()
    {
        Watched = 1,
        Passes = 120,
        LastPassAt = At,
        Holding = holding,
        OldestHoldSeconds = holding.Length == 0 ? 0 : (At - holding.Min(h => h.Since)).TotalSeconds,
        HoldsByReason = holding.GroupBy(h => h.Reason).ToDictionary(g => g.Key, g => (long)g.Count()),
    };

    public static TradingReport Trading(params TradingRefusal[] refusals) => new(
        At,
        "redis_cluster",
        new TradingSeedView(true, null),
        new TradingOrderCounts(new Dictionary<string, long> { ["BUY"] = 3 }, new Dictionary<string, long>(), 3),
        new TradingRefusals(refusals.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => (long)g.Count()), refusals),
        [])
    {
        ViewMismatch = new ViewMismatchStatistics(300, 2m, 0.05, 3, 3, 0, 0, 0, [], 3, 0, 0),
    };

    public static SystemInfoSection System() => new(
        "market", "0.1.0", 4242, "broker-1", ".NET 10.0", "Linux", 2, At.AddHours(-2), 7200, "redis_cluster", false,
        new MemoryUsage(180, 40, "machine", 35, 8400, 24000),
        new CpuUsage(12, 10, 900),
        32);

    public static RedisSection Redis(string clusterState = "ok", bool? pingSuccess = true, double? pingMs = 0.4, params string[] unreachable) => new(
        pingSuccess == true,
        "redis_cluster",
        $"Redis Cluster: cluster_state {clusterState}; 6 nodes, {unreachable.Length} unreachable from this client.",
        new ClusterHealthSection
        {
            ClusterState = clusterState,
            PingSuccess = pingSuccess,
            PingTimeMs = pingMs,
            SlotsAssigned = 16384,
            SlotsOk = clusterState == "ok" ? 16384 : 10923,
            SlotsPfail = 0,
            SlotsFail = clusterState == "ok" ? 0 : 5461,
            KnownNodes = 6,
            Size = 3,
            CurrentEpoch = 7,
            AnsweredBy = "127.0.0.1:7101",
            Error = pingSuccess == false ? "no answer within 750 ms" : null,
        },
        6,
        unreachable,
        0,
        null);

    public static RedisSection InMemoryStore() => Redis() with
    {
        Store = "in_memory",
        Connected = true,
        ClusterHealth = Redis().ClusterHealth with { ClusterState = "not_applicable", PingSuccess = null, PingTimeMs = null },
    };

    public static FeedSummary Feed(string protocol = "json") => new(
        protocol, "receiving", true, true, 1, 0.05, 5, 100, 0, 0, 0, 5000, 50, 0, new Dictionary<string, long>(), 0, null, null);

    public static WebSocketSection WebSocket(FeedSummary? json = null, FeedSummary? binary = null)
    {
        var feeds = new Dictionary<string, FeedSummary> { ["json"] = json ?? Feed("json"), ["binary"] = binary ?? Feed("protobuf") };
        var running = feeds.Where(f => f.Value.IsRunning).Select(f => f.Key).ToList();
        var attempts = feeds.Values.Sum(f => f.ConnectionFailures) + 2;
        return new WebSocketSection(
            new ListenerStatus(running.Count == feeds.Count, feeds.Count, running.Count, [.. feeds.Keys.Except(running)]),
            new ConnectionHistorySection(attempts, 2, feeds.Values.Sum(f => f.ConnectionFailures), feeds.Values.Sum(f => f.Disconnections), Math.Round(200.0 / attempts, 2), null, null),
            feeds.Values.Sum(f => f.ConnectionFailuresLastHour),
            new FeedPerformanceSection(10_000, 30_000, 2_000_000, 100, 300, 0, 0, feeds.Values.Max(f => f.LastMessageAge)),
            feeds);
    }

    public static MarketDataSection MarketData(int total = 58, int stale = 0, int missing = 0, params DivergentSymbol[] divergent)
    {
        var fresh = total - stale - missing;
        var symbols = StandardInstruments.All.Select(i => i.Symbol).Take(total).ToList();
        return new MarketDataSection(
            new DataFreshnessSection(
                total, fresh, stale, missing,
                total == 0 ? 0 : Math.Round(fresh * 100.0 / total, 2),
                symbols.Take(stale).ToList(),
                symbols.Skip(stale).Take(missing).ToList(),
                [],
                10),
            new FeedAgreement(divergent.Length == 0, divergent.Length, divergent, new Dictionary<string, long>()),
            EmptyBookStatistics());
    }

    public static BackgroundServicesSection Services(params SupervisedServiceSnapshot[] extra)
    {
        SupervisedServiceSnapshot[] services = [Service("feed_json"), Service("feed_binary"), Service("store_writer"), Service("health_monitor"), .. extra];
        return BackgroundServicesSection.From(services, new Tickwatch.Market.Startup.StartupSnapshot(At.AddHours(-2), 100, false, null, []), null);
    }

    public static SupervisedServiceSnapshot Service(string name, ServiceState state = ServiceState.Running, ServiceError? error = null) => new()
    {
        Name = name,
        DisplayName = name,
        State = state,
        Restarts = error is null ? 0 : 3,
        Faults = error is null ? 0 : 4,
        StartedAt = At.AddHours(-2),
        UptimeSeconds = state == ServiceState.Running ? 7200 : null,
        LastError = error,
        NextRestartAt = state == ServiceState.Restarting ? At.AddSeconds(8) : null,
        LastExit = error is null ? null : "faulted",
    };

    public static RecentErrorsSection RecentErrors(params RecentError[] entries) => new(entries.Length, entries.Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error), 200, entries);

    public static Finding? Finding(this IDiagnosisRule rule, DiagnosisSnapshot snapshot) => rule.Evaluate(snapshot).Finding;

    // Built by the real builder from an empty book, so the test follows the section's shape.
    private static BookStatisticsSection EmptyBookStatistics()
    {
        var time = new FakeTimeProvider(At);
        var book = new PriceBook(SymbolCatalog.Create(new PricesOptions()), time);
        return MarketDataReportBuilder.Build(book, At, TimeSpan.FromSeconds(10)).BookStatistics;
    }
}
