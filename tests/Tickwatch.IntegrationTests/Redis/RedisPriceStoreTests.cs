using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Core.Prices;
using Tickwatch.Storage;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>What only the Redis store has: the hash as other clients see it, the script's reload, the reference's old hashes, the health probe.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisPriceStoreTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private static int _counter;

    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_hash_holds_the_reference_fields_and_tickwatchs_as_exact_strings()
    {
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var symbol = Symbol();
        var received = DateTimeOffset.UtcNow;
        var price = new StoredPrice
        {
            Symbol = symbol,
            Bid = 1.0852m,
            Ask = 67842.15m,
            Feed = "binary",
            ReceivedAt = received,
            SourceTime = received.AddMilliseconds(-2),
            SourceSequence = 12,
            BookSequence = 34,
            Version = new PriceVersion(PriceVersion.ToUnixMicros(received.AddMilliseconds(-2)), 12),
        };

        await store.WriteAsync([price], default);
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        var hash = (await database.HashGetAllAsync("market:" + symbol)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

        Assert.Equal("1.0852", hash["bid"]);
        Assert.Equal("67842.15", hash["ask"]);
        Assert.InRange(long.Parse(hash["ts"], CultureInfo.InvariantCulture), received.ToUnixTimeMilliseconds() - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
        Assert.Equal(received.AddMilliseconds(-2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), hash["source_ts"]);
        Assert.Equal("12", hash["source_seq"]);
        Assert.Equal("binary", hash["feed"]);
        Assert.Equal(PriceVersion.ToUnixMicros(received).ToString(CultureInfo.InvariantCulture), hash["received_at"]);
        Assert.Equal("34", hash["book_seq"]);
        Assert.Equal(price.Version.TimestampMicros.ToString(CultureInfo.InvariantCulture), hash["ver_us"]);
        Assert.Equal("12", hash["ver_seq"]);
        Assert.Equal(10, hash.Count);
    }

    [Fact]
    public async Task A_node_that_forgot_the_script_gets_it_again_and_the_write_goes_through()
    {
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var multiplexer = await cluster.Connection.GetAsync(default);
        await store.WriteAsync([Price(Symbol(), 1.1m, 1)], default);
        foreach (var server in multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            // The store's own connection has no admin commands; redis-cli does.
            var port = ((System.Net.IPEndPoint)server.EndPoint).Port.ToString(CultureInfo.InvariantCulture);
            await RedisClusterFixture.RunAsync("redis-cli", ["-p", port, "SCRIPT", "FLUSH"], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));
        }

        var before = store.ScriptReloads;
        var symbols = Enumerable.Range(0, 30).Select(_ => Symbol()).ToArray();
        var results = await store.WriteAsync([.. symbols.Select(s => Price(s, 1.2m, 2))], default);

        Assert.All(results, r => Assert.Equal(PriceWriteOutcome.Written, r.Outcome));
        Assert.True(store.ScriptReloads > before, "NOSCRIPT answers were sent again as EVAL");
        Assert.All(await store.ReadManyAsync(symbols, default), p => Assert.Equal(1.2m, p!.Bid));
    }

    [Fact]
    public async Task A_hash_written_by_the_reference_system_is_read_and_superseded_by_any_newer_price()
    {
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var symbol = Symbol();
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        var writtenAt = DateTimeOffset.UtcNow.AddSeconds(-30);

        // The reference's Python writer kept only bid, ask and ts, and may have written str(float).
        await database.HashSetAsync(RedisKeys.MarketPrice(symbol),
            [new("bid", "1e-06"), new("ask", "0.000002"), new("ts", writtenAt.ToUnixTimeMilliseconds())]);
        var read = await store.ReadAsync(symbol, default);
        var results = await store.WriteAsync([Price(symbol, 0.0000015m, 1)], default);

        Assert.Equal(0.000001m, read!.Bid);
        Assert.Equal(0.000002m, read.Ask);
        Assert.Equal(writtenAt.ToUnixTimeMilliseconds(), read.Timestamp!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(PriceWriteOutcome.Written, results[0].Outcome);
        Assert.Equal(0.0000015m, (await store.ReadAsync(symbol, default))!.Bid);
    }

    [Fact]
    public async Task A_price_written_by_tickwatch_is_read_by_a_plain_HMGET_of_market_EURUSD_as_the_reference_api_does()
    {
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var multiplexer = await cluster.Connection.GetAsync(default);

        // Newest version of all: whatever another test left under market:EURUSD is superseded.
        var written = await store.WriteAsync([Price("EURUSD", 1.08527m, long.MaxValue / 2) with { Ask = 1.08541m }], default);
        var fields = await multiplexer.GetDatabase().HashGetAsync("market:EURUSD", ["bid", "ask"]);
        var port = ((System.Net.IPEndPoint)multiplexer.GetServer("market:EURUSD", flags: CommandFlags.DemandMaster).EndPoint).Port;
        var cli = await RedisClusterFixture.RunAsync(
            "redis-cli", ["-c", "-p", port.ToString(CultureInfo.InvariantCulture), "HMGET", "market:EURUSD", "bid", "ask"], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));

        Assert.Equal(PriceWriteOutcome.Written, written[0].Outcome);
        Assert.Equal(["1.08527", "1.08541"], fields.Select(f => (string)f!));
        Assert.Equal(["1.08527", "1.08541"], cli.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.False(await multiplexer.GetDatabase().KeyExistsAsync("market:{EURUSD}"), "nothing is written under the old key form");
    }

    [Fact]
    public async Task The_price_channel_has_the_price_keys_slot_as_the_cluster_computes_it()
    {
        var multiplexer = await cluster.Connection.GetAsync(default);
        var port = ((System.Net.IPEndPoint)multiplexer.GetServer("market:EURUSD", flags: CommandFlags.DemandMaster).EndPoint).Port;

        var keySlot = await RedisClusterFixture.RunAsync("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), "CLUSTER", "KEYSLOT", "market:EURUSD"], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));
        var channelSlot = await RedisClusterFixture.RunAsync("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), "CLUSTER", "KEYSLOT", RedisKeys.PriceChannel("EURUSD")], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));

        Assert.Equal(keySlot.Trim(), channelSlot.Trim());
        Assert.Equal(multiplexer.HashSlot("market:EURUSD"), multiplexer.HashSlot(RedisKeys.PriceChannel("EURUSD")));
    }

    [Fact]
    public async Task The_health_probe_reports_the_cluster_ok_with_its_latency()
    {
        var health = new RedisStoreHealth(cluster.Connection, TimeProvider.System);

        var probe = await health.ProbeAsync(default);

        Assert.Equal(StoreKind.RedisCluster, health.Kind);
        Assert.True(probe.Reachable, probe.Detail);
        Assert.Equal("ok", probe.ClusterState);
        Assert.NotNull(probe.Latency);
    }

    private static string Symbol() => "R" + Interlocked.Increment(ref _counter).ToString("D4", CultureInfo.InvariantCulture) + Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 3));

    internal static StoredPrice Price(string symbol, decimal bid, long sequence)
    {
        var now = DateTimeOffset.UtcNow;
        return new StoredPrice
        {
            Symbol = symbol,
            Bid = bid,
            Ask = bid + 0.0001m,
            Feed = "json",
            ReceivedAt = now,
            BookSequence = sequence,
            Version = new PriceVersion(PriceVersion.ToUnixMicros(now), sequence),
        };
    }
}
