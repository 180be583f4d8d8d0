using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Market.Health;
using Tickwatch.Storage;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;
using Xunit.Abstractions;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>Readiness on the real cluster: slots without a master and a failing write fail it; the scripts are on every node before the first write, and after a failover.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisStoreReadinessTests(RedisClusterFixture cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private static int _counter;

    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_healthy_cluster_is_ready_with_every_slot_covered_and_a_probe_write_on_each_master()
    {
        var result = await CheckAsync(new RedisStoreHealth(cluster.Connection, TimeProvider.System));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(16384, result.Data["slots_covered"]);
        Assert.Empty((IReadOnlyList<string>)result.Data["slots_without_master"]);
        Assert.Equal((3, 0), ((int)result.Data["probe_writes"], (int)result.Data["probe_writes_failed"]));
        Assert.Equal("ok", result.Data["cluster_state"]);
    }

    [Fact]
    public async Task A_master_and_its_replica_down_fail_readiness_naming_the_slots_without_a_master()
    {
        await using var connection = cluster.NewConnection(out _);
        var health = new RedisStoreHealth(connection, TimeProvider.System);
        await Eventually.ValueAsync(() => CheckAsync(health), r => r.Status == HealthStatus.Healthy, "ready before the kill");
        var replica = await ReplicaOfAsync(cluster.FirstPort);

        cluster.MarkBroken();
        cluster.Cluster.Kill(cluster.FirstPort);
        cluster.Cluster.Kill(replica);

        var result = await Eventually.ValueAsync(() => CheckAsync(health), r => r.Status == HealthStatus.Unhealthy && r.Data.ContainsKey("slots_without_master"),
            "readiness fails with the slots read", TimeSpan.FromSeconds(20));
        output.WriteLine(result.Description);
        Assert.StartsWith($"slots 0-5460 have no reachable master (127.0.0.1:{cluster.FirstPort} is master", result.Description, StringComparison.Ordinal);
        Assert.Equal(["0-5460"], (IReadOnlyList<string>)result.Data["slots_without_master"]);
        Assert.Equal(16384 - 5461, result.Data["slots_covered"]);
    }

    [Fact]
    public async Task A_master_that_refuses_writes_fails_readiness_with_the_write_error_although_every_slot_is_served()
    {
        var port = (cluster.FirstPort + 1).ToString(CultureInfo.InvariantCulture);
        var health = new RedisStoreHealth(cluster.Connection, TimeProvider.System);
        await Cli(port, "CONFIG", "SET", "maxmemory", "1");
        try
        {
            var result = await Eventually.ValueAsync(() => CheckAsync(health), r => r.Status == HealthStatus.Unhealthy, "readiness fails");

            output.WriteLine(result.Description);
            Assert.StartsWith($"probe write failed: 127.0.0.1:{port} (slots 5461-10922): OOM", result.Description, StringComparison.Ordinal);
            Assert.Equal(16384, result.Data["slots_covered"]);
            Assert.Equal((3, 1), ((int)result.Data["probe_writes"], (int)result.Data["probe_writes_failed"]));
        }
        finally
        {
            await Cli(port, "CONFIG", "SET", "maxmemory", "0");
        }

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);
    }

    [Fact]
    public async Task A_start_on_nodes_that_know_no_script_logs_no_warning_and_no_write_meets_NOSCRIPT()
    {
        await FlushScriptsEverywhereAsync();
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        await using var connection = cluster.NewConnection(out _, logger: factory.CreateLogger<RedisConnection>());
        var store = new RedisPriceStore(connection, TimeProvider.System);

        var symbols = Symbols(90);
        var results = await store.WriteAsync([.. symbols.Select(s => Price(s, 1.1m))], default);
        var ready = await CheckAsync(new RedisStoreHealth(connection, TimeProvider.System));

        output.WriteLine(logs.ToString());
        Assert.All(results, r => Assert.Equal(PriceWriteOutcome.Written, r.Outcome));
        Assert.Equal(3, symbols.Select(s => cluster.FirstPort + (SlotOf(connection, s) / 5461)).Distinct().Count());
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal((0, 0L), (store.ScriptReloads, connection.ScriptMisses));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task After_a_failover_the_next_writes_go_through_on_the_promoted_replica_without_a_NOSCRIPT_warning()
    {
        await FlushScriptsEverywhereAsync();
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        await using var connection = cluster.NewConnection(out _, logger: factory.CreateLogger<RedisConnection>());
        var store = new RedisPriceStore(connection, TimeProvider.System);
        var health = new RedisStoreHealth(connection, TimeProvider.System);
        var symbols = Symbols(60);
        Assert.All(await store.WriteAsync([.. symbols.Select(s => Price(s, 1.1m))], default), r => Assert.Equal(PriceWriteOutcome.Written, r.Outcome));
        var onKilled = symbols.Where(s => SlotOf(connection, s) <= 5460).ToArray();
        Assert.NotEmpty(onKilled);
        var replica = await ReplicaOfAsync(cluster.FirstPort);

        cluster.MarkBroken();
        cluster.Cluster.Kill(cluster.FirstPort);
        await Eventually.ValueAsync(
            () => store.WriteAsync([.. onKilled.Select(s => Price(s, 1.2m))], default),
            r => r.All(w => w.Outcome == PriceWriteOutcome.Written),
            "the dead master's symbols are written again", TimeSpan.FromSeconds(30));
        var ready = await Eventually.ValueAsync(() => CheckAsync(health), r => r.Status == HealthStatus.Healthy, "ready again after the failover", TimeSpan.FromSeconds(20));

        output.WriteLine(logs.ToString());
        Assert.All(await store.ReadManyAsync(onKilled, default), p => Assert.Equal(1.2m, p!.Bid));
        Assert.Equal(16384, ready.Data["slots_covered"]);
        Assert.Equal((0, 0L), (store.ScriptReloads, connection.ScriptMisses));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("NOSCRIPT", StringComparison.Ordinal));
        output.WriteLine($"the replica on {replica} took over; {logs.Entries.Count(e => e.Level >= LogLevel.Warning)} warnings (the lost connection's)");
    }

    private static Task<HealthCheckResult> CheckAsync(IStoreHealth health) =>
        new StoreReadinessCheck(new StoreProber(health, Options.Create(new HealthOptions()), TimeProvider.System)).CheckHealthAsync(new HealthCheckContext());

    private async Task<int> ReplicaOfAsync(int masterPort)
    {
        // Right after a (re)start not every node has heard yet who replicates whom: wait until the view says.
        var replica = await Eventually.ValueAsync(
            () => TryReplicaOfAsync(masterPort), r => r is not null, $"a replica of {masterPort} in the cluster's view", TimeSpan.FromSeconds(20));
        return replica!.Value;
    }

    private async Task<int?> TryReplicaOfAsync(int masterPort)
    {
        var lines = (await Cli((masterPort + 1).ToString(CultureInfo.InvariantCulture), "CLUSTER", "NODES"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' '))
            .Where(p => p.Length > 3)
            .ToArray();
        var master = lines.FirstOrDefault(p => p[1].StartsWith($"127.0.0.1:{masterPort}@", StringComparison.Ordinal))?[0];
        var replica = master is null ? null : lines.FirstOrDefault(p => p[3] == master)?[1];
        return replica is null
            ? null
            : int.Parse(replica[(replica.IndexOf(':', StringComparison.Ordinal) + 1)..replica.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    // As a fresh cluster is: no node knows any script.
    private async Task FlushScriptsEverywhereAsync()
    {
        foreach (var port in cluster.Cluster.Ports)
        {
            await Cli(port.ToString(CultureInfo.InvariantCulture), "SCRIPT", "FLUSH");
        }
    }

    private static Task<string> Cli(string port, params string[] arguments) =>
        RedisClusterFixture.RunAsync("redis-cli", ["-p", port, .. arguments], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));

    private static int SlotOf(RedisConnection connection, string symbol) => connection.Multiplexer!.HashSlot(RedisKeys.MarketPrice(symbol));

    private static string[] Symbols(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => "RDY" + Interlocked.Increment(ref _counter).ToString("D4", CultureInfo.InvariantCulture) + Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 2)))];

    private static StoredPrice Price(string symbol, decimal bid) => RedisPriceStoreTests.Price(symbol, bid, 1);
}
