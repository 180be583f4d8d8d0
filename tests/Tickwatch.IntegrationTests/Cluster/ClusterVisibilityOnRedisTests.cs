using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tickwatch.IntegrationTests.Metrics;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Hosting;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;

namespace Tickwatch.IntegrationTests.Cluster;

/// <summary>
/// Two market services in leased mode on the real Redis Cluster, both listening to one quote hub: what
/// <c>/api/debug/instances</c> and <c>/metrics</c> show of the cluster, before and after one of them stops.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterVisibilityOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];
    private readonly List<WebApplication> _apps = [];
    private WebApplication _hub = null!;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _hub = QuoteHubHost.Build(new QuoteHubOptions { Port = 0, Seed = 7 }, loggerFactory: Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await _hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await _hub.StopAsync();
        await _hub.DisposeAsync();

        // The next test on the cluster must not find these instances in the registry (a stop removes them; a lapse waits out the TTL).
        var directory = new RedisInstanceDirectory(cluster.Connection);
        var leases = new RedisLeaseStore(cluster.Connection, TimeProvider.System);
        await Eventually.UntilAsync(
            async () => (await directory.ListAsync(default)).All(i => !Ours(i.Id)) && await NoPartitionHeldAsync(leases),
            "this test's instances have left the registry and hold no partition",
            Deadline);
    }

    [Fact]
    public async Task Both_instances_are_listed_with_every_lease_held_and_the_survivor_adopts_everything()
    {
        var idA = "vis-a-" + _suffix;
        var idB = "vis-b-" + _suffix;
        var (a, httpA) = await StartMarketAsync(idA);
        await Eventually.ValueAsync(() => GetAsync(httpA, "/api/debug/instances"), r => Holder(r, "feed:json") == idA && Holder(r, "feed:binary") == idA, "A holds both feeds", Deadline);
        var (_, httpB) = await StartMarketAsync(idB);

        var seen = await Eventually.ValueAsync(
            () => GetAsync(httpB, "/api/debug/instances"),
            r => Ids(r).Contains(idA) && Ids(r).Contains(idB)
                && r["orphaned_work"]!.GetValue<int>() == 0
                && r["owned_partitions"]!.AsArray().Count > 0
                && r["partitions"]!.AsObject().All(p => p.Value?.GetValue<string>() is { } h && (h == idA || h == idB)),
            "both instances listed, every feed and partition held, the partitions split",
            Deadline);
        Assert.Equal("leased", seen["mode"]!.GetValue<string>());
        Assert.Equal(idB, seen["instance_id"]!.GetValue<string>());
        Assert.Equal(16, seen["leases"]!.AsArray().Count(l => l!["kind"]!.GetValue<string>() == "partition"));
        Assert.All(seen["leases"]!.AsArray(), l =>
        {
            Assert.False(l!["orphaned"]!.GetValue<bool>(), l.ToJsonString());
            Assert.True(l["token"]!.GetValue<long>() > 0);
            Assert.InRange(l["ttl_ms"]!.GetValue<double>(), 0, 2000);
        });
        Assert.Equal(0, seen["fenced_writes"]!.GetValue<long>());
        var heartbeatA = seen["instances"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == idA)!;
        Assert.Contains("feed:json", heartbeatA["leases"]!.AsObject().Select(l => l.Key));
        Assert.Contains(heartbeatA["leases"]!.AsObject(), l => l.Key.StartsWith("part:", StringComparison.Ordinal));

        // B's scrape: it stands by for both feeds (running, not holding), and sees two market instances.
        var metricsB = await Eventually.ValueAsync(
            () => ScrapeAsync(httpB),
            m => m.Series("tickwatch_cluster_instances_live").Any(s => s.Label("role") == "market" && s.Value >= 2)
                && m.Series("tickwatch_cluster_lease_held").Any(s => s.Label("lease") == "feed:json")
                && m.Series("tickwatch_cluster_work_orphaned").Any(s => s.Value == 0),
            "B's watch has looked at the settled cluster",
            Deadline);
        Assert.Equal(0, metricsB.Single("tickwatch_cluster_lease_held", ("lease", "feed:json")).Value);
        Assert.Equal(1, metricsB.Single("tickwatch_feed_running", ("feed", "json")).Value);
        Assert.Equal(0, metricsB.Single("tickwatch_cluster_price_writes_fenced_total", ("feed", "binary")).Value);
        Assert.Equal("counter", metricsB.FamilyTypes["tickwatch_cluster_price_replicated_total"]);
        Assert.Equal("counter", metricsB.FamilyTypes["tickwatch_cluster_provider_relay_frames_total"]);

        // A's scrape: it writes both feeds, took them over once each, and every cluster metric the Grafana row uses is on one of the two.
        var metricsA = await Eventually.ValueAsync(
            () => ScrapeAsync(httpA),
            m => m.Series("tickwatch_cluster_lease_held").Any(s => s.Label("lease") == "feed:json" && s.Value == 1),
            "A reports holding feed:json",
            Deadline);
        Assert.Equal(1, metricsA.Single("tickwatch_cluster_lease_held", ("lease", "feed:binary")).Value);
        Assert.True(metricsA.Single("tickwatch_cluster_lease_token", ("lease", "feed:binary")).Value > 0);
        Assert.True(metricsA.Single("tickwatch_cluster_takeover_duration_seconds_count", ("lease", "feed:json")).Value >= 1);
        Assert.True(metricsA.Single("tickwatch_cluster_lease_changes_total", ("lease", "feed:json"), ("change", "acquired")).Value >= 1);

        // A counter (B, which may have held its partitions from its watch's first look on, may have no change to count yet).
        Assert.Equal("counter", metricsA.FamilyTypes["tickwatch_cluster_lease_changes_total"]);
        var exported = metricsA.Samples.Concat(metricsB.Samples).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var missing = GrafanaDashboard.Load().MetricNames.Where(n => n.StartsWith("tickwatch_cluster_", StringComparison.Ordinal) && !exported.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "The Grafana cluster row uses metrics two leased market services do not export: " + string.Join(", ", missing));

        // A stops: B adopts every partition and both feeds, and nothing is orphaned.
        await a.StopAsync();
        var alone = await Eventually.ValueAsync(
            () => GetAsync(httpB, "/api/debug/instances"),
            r => !Ids(r).Contains(idA)
                && r["owned_partitions"]!.AsArray().Count == 16
                && Holder(r, "feed:json") == idB
                && Holder(r, "feed:binary") == idB
                && r["orphaned_work"]!.GetValue<int>() == 0,
            "B holds every feed and partition",
            Deadline);
        Assert.All(alone["partitions"]!.AsObject(), p => Assert.Equal(idB, p.Value!.GetValue<string>()));
        var after = await Eventually.ValueAsync(
            () => ScrapeAsync(httpB),
            m => m.Series("tickwatch_cluster_partitions_owned").Any(s => s.Value == 16)
                && m.Series("tickwatch_cluster_lease_held").Any(s => s.Label("lease") == "feed:binary" && s.Value == 1)
                && m.Series("tickwatch_cluster_work_orphaned").Any(s => s.Value == 0)
                && m.Series("tickwatch_cluster_instances_live").Any(s => s.Label("role") == "market" && s.Value == 1),
            "B's metrics show it alone, holding everything, nothing orphaned",
            Deadline);
        Assert.Equal(1, after.Single("tickwatch_cluster_lease_held", ("lease", "feed:json")).Value);
        Assert.Equal(1, after.Single("tickwatch_feed_running", ("feed", "binary")).Value);
    }

    private bool Ours(string? instance) => instance?.EndsWith(_suffix, StringComparison.Ordinal) == true;

    private async Task<bool> NoPartitionHeldAsync(RedisLeaseStore leases)
    {
        for (var p = 0; p < PartitionMap.DefaultPartitions; p++)
        {
            if (Ours((await leases.ReadAsync(LeaseName.Partition(p), default)).Holder))
            {
                return false;
            }
        }

        return true;
    }

    private static IReadOnlyList<string> Ids(JsonNode report) => [.. report["instances"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];

    private static string? Holder(JsonNode report, string lease) =>
        report["leases"]!.AsArray().FirstOrDefault(l => l!["name"]!.GetValue<string>() == lease)?["holder"]?.GetValue<string>();

    private static async Task<JsonNode> GetAsync(HttpClient http, string path) => JsonNode.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)))!;

    private static async Task<PrometheusExposition> ScrapeAsync(HttpClient http) => PrometheusExposition.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    private async Task<(WebApplication App, HttpClient Http)> StartMarketAsync(string id)
    {
        var config = DefaultFeeds.SettingsForQuoteHub($"ws://{QuoteHubHost.GetBaseAddress(_hub).Authority}");
        config["Market:Port"] = "0";
        config["Ledger:Enabled"] = "false";
        config["Redis:Configuration"] = cluster.Cluster.Seeds;
        config["Cluster:Mode"] = "Leased";
        config["Cluster:InstanceId"] = id;
        config["Cluster:LeaseTtl"] = "00:00:01";
        config["Cluster:RenewInterval"] = "00:00:00.200";
        config["Cluster:SafetyMargin"] = "00:00:00.100";
        config["Cluster:AcquirePoll"] = "00:00:00.100";
        config["Cluster:HeartbeatInterval"] = "00:00:00.200";
        config["Cluster:HeartbeatTtl"] = "00:00:01";
        config["Cluster:OrphanGrace"] = "00:00:00.300";
        var app = MarketServiceHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.Logging.ClearProviders();
        });
        _apps.Add(app);
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = Eventually.DefaultTimeout };
        return (app, http);
    }
}
