using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Cluster;

/// <summary><c>GET /api/debug/instances</c> and the comprehensive report's <c>instances</c> section of real market services on loopback port 0.</summary>
public sealed class InstancesEndpointTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly InMemoryLeaseStore _leases = new(TimeProvider.System);
    private readonly InMemoryInstanceDirectory _directory = new(TimeProvider.System);

    [Fact]
    public async Task Single_mode_answers_with_this_one_instance_holding_every_partition()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Cluster:InstanceId"] = "market-solo" });

        var body = await GetAsync(market, "/api/debug/instances");

        Assert.Equal("single", body["mode"]!.GetValue<string>());
        Assert.Equal("market-solo", body["instance_id"]!.GetValue<string>());
        var instance = Assert.Single(body["instances"]!.AsArray())!;
        Assert.Equal("market-solo", instance["id"]!.GetValue<string>());
        Assert.Equal("market", instance["role"]!.GetValue<string>());
        Assert.Empty(body["leases"]!.AsArray());
        var partitions = body["partitions"]!.AsObject();
        Assert.Equal(16, partitions.Count);
        Assert.All(partitions, p => Assert.Equal("market-solo", p.Value!.GetValue<string>()));
        Assert.Equal(0, body["orphaned_work"]!.GetValue<int>());
        Assert.Equal(0, body["fenced_writes"]!.GetValue<long>());

        var comprehensive = await GetAsync(market, "/api/debug/comprehensive");
        Assert.Equal("ok", comprehensive["instances"]!["status"]!.GetValue<string>());
        Assert.Equal("single", comprehensive["instances"]!["mode"]!.GetValue<string>());

        // The guide's fields keep their shape in single mode: no standby list appears.
        Assert.Null(comprehensive["websocket_diagnostics"]!["connection_status"]!.AsObject()["feeds_standby"]);
        Assert.False(comprehensive["websocket_diagnostics"]!["connection_status"]!["is_running"]!.GetValue<bool>());

        // Nor do the cluster's metrics: single mode's scrape is what it was.
        var metrics = await market.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("tickwatch_feed_running", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("tickwatch_cluster_", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_leased_instances_list_each_other_and_the_standby_reads_its_feeds_as_running()
    {
        await using var a = await StartLeasedAsync("market-a");
        await Eventually.ValueAsync(
            () => GetAsync(a, "/api/debug/instances"),
            r => Held(r, "feed:json") == "market-a" && Held(r, "feed:binary") == "market-a",
            "the first instance holds both feeds",
            Deadline);
        await using var b = await StartLeasedAsync("market-b");

        var seen = await Eventually.ValueAsync(
            () => GetAsync(b, "/api/debug/instances"),
            r => r["instances"]!.AsArray().Count == 2
                && r["orphaned_work"]!.GetValue<int>() == 0
                && r["partitions"]!.AsObject().All(p => p.Value is not null)
                && r["owned_partitions"]!.AsArray().Count > 0
                && HeartbeatPartitions(r, "market-b").SequenceEqual(r["owned_partitions"]!.AsArray().Select(p => "part:" + p!.GetValue<int>()).Order(StringComparer.Ordinal)),
            "both instances live, every lease held, the partitions split and B's heartbeat written since",
            Deadline);

        Assert.Equal("leased", seen["mode"]!.GetValue<string>());
        Assert.Equal(["market-a", "market-b"], seen["instances"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var partitionLeases = seen["leases"]!.AsArray().Where(l => l!["kind"]!.GetValue<string>() == "partition").ToList();
        Assert.Equal(16, partitionLeases.Count);
        Assert.All(partitionLeases, l => Assert.True(l!["token"]!.GetValue<long>() > 0));
        Assert.All(seen["leases"]!.AsArray(), l => Assert.False(l!["orphaned"]!.GetValue<bool>()));

        // The heartbeats carry the partition leases with their tokens: between them, all 16.
        Assert.Equal(16, HeartbeatPartitions(seen, "market-a").Concat(HeartbeatPartitions(seen, "market-b")).Distinct().Count());

        // B writes no feed: both are written by A, so B reports them standby and running, not down.
        var websocket = await GetAsync(b, "/api/debug/websocket");
        Assert.True(websocket["connection_status"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(["binary", "json"], websocket["connection_status"]!["feeds_standby"]!.AsArray().Select(f => f!.GetValue<string>()).Order(StringComparer.Ordinal));
        var comprehensive = await GetAsync(b, "/api/debug/comprehensive");
        Assert.Equal("standby", comprehensive["websocket_diagnostics"]!["feeds"]!["json"]!["role"]!.GetValue<string>());
        Assert.True(comprehensive["websocket_diagnostics"]!["feeds"]!["json"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(2, comprehensive["instances"]!["instances"]!.AsArray().Count);
        var scrape = await Eventually.ValueAsync(
            () => b.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)),
            m => Sample(m, "tickwatch_cluster_work_orphaned", null) == "0",
            "B's watch has looked at the settled cluster",
            Deadline);
        Assert.Equal("1", Sample(scrape, "tickwatch_feed_running", "feed=\"json\""));
        Assert.Equal("0", Sample(scrape, "tickwatch_cluster_lease_held", "lease=\"feed:json\""));

        // The standby's book follows A's writes, and its provider requests would go on the relay: both are counted.
        Assert.NotNull(Sample(scrape, "tickwatch_cluster_price_replicated_total", null));
        Assert.Equal("0", Sample(scrape, "tickwatch_cluster_provider_relay_frames_total", "outcome=\"relayed\""));
        Assert.Equal("0", Sample(scrape, "tickwatch_cluster_provider_relay_frames_total", "outcome=\"forwarded\""));

        // A stops gracefully: B takes every feed and partition, and nothing is left orphaned.
        await a.DisposeAsync();
        var alone = await Eventually.ValueAsync(
            () => GetAsync(b, "/api/debug/instances"),
            r => r["instances"]!.AsArray().Count == 1
                && r["owned_partitions"]!.AsArray().Count == 16
                && Held(r, "feed:json") == "market-b"
                && Held(r, "feed:binary") == "market-b"
                && r["orphaned_work"]!.GetValue<int>() == 0,
            "the survivor holds everything",
            Deadline);
        Assert.All(alone["partitions"]!.AsObject(), p => Assert.Equal("market-b", p.Value!.GetValue<string>()));
    }

    /// <summary>The value of the first sample of <paramref name="name"/> (with <paramref name="label"/> when given) in a Prometheus scrape.</summary>
    private static string? Sample(string scrape, string name, string? label) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => label is null || l.Contains(label, StringComparison.Ordinal))
            .Select(l => l[(l.Contains('}', StringComparison.Ordinal) ? l.LastIndexOf('}') + 1 : name.Length)..].Trim().Split(' ')[0])
            .FirstOrDefault();

    private static IEnumerable<string> HeartbeatPartitions(JsonNode report, string id) =>
        report["instances"]!.AsArray().Where(i => i!["id"]!.GetValue<string>() == id)
            .SelectMany(i => i!["leases"]!.AsObject().Select(l => l.Key))
            .Where(k => k.StartsWith("part:", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string? Held(JsonNode report, string lease) =>
        report["leases"]!.AsArray().FirstOrDefault(l => l!["name"]!.GetValue<string>() == lease)?["holder"]?.GetValue<string>();

    private static async Task<JsonNode> GetAsync(MarketHost market, string path)
    {
        using var response = await market.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private Task<MarketHost> StartLeasedAsync(string id) => MarketHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["Cluster:Mode"] = "Leased",
            ["Cluster:InstanceId"] = id,
            ["Cluster:LeaseTtl"] = "00:00:01",
            ["Cluster:RenewInterval"] = "00:00:00.200",
            ["Cluster:SafetyMargin"] = "00:00:00.100",
            ["Cluster:AcquirePoll"] = "00:00:00.100",
            ["Cluster:HeartbeatInterval"] = "00:00:00.200",
            ["Cluster:HeartbeatTtl"] = "00:00:01",
            ["Cluster:OrphanGrace"] = "00:00:00.300",
        },
        services =>
        {
            services.AddSingleton<ILeaseStore>(_leases);
            services.AddSingleton<IInstanceDirectory>(_directory);
        });
}
