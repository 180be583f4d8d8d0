using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tickwatch.Core.Prices;
using Tickwatch.Storage;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>
/// Writes and seals while the client's slot map is wrong: slots moved to another master after the store's client read
/// the map, as a failover or a migration leaves it, so that one call carries keys of two nodes; and a master just killed,
/// whose slots the map names no connected master for.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisSlotMoveTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private const string Feed = "json";

    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Prices_and_fences_of_a_moved_slot_are_sent_again_alone_and_the_write_and_the_seal_land_whole()
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();

        // The store's client reads the slot map now and is not told of the moves (no topology check within the test).
        await using var connection = cluster.NewConnection(out _, o => o.TopologyCheckInterval = TimeSpan.FromMinutes(5));
        var store = new RedisPriceStore(connection, TimeProvider.System, loggers.CreateLogger<RedisPriceStore>());
        var stale = await connection.GetAsync(default);
        // Admin mode for the CLUSTER commands that move slots.
        await using var adminConnection = cluster.NewConnection(out _, o => o.Configuration += ",allowAdmin=true");
        var admin = await adminConnection.GetAsync(default);
        var nodes = (await admin.GetServer(admin.GetEndPoints()[0]).ClusterNodesAsync())!;
        var masters = nodes.Nodes.Where(n => !n.IsReplica && n.Slots.Count > 0).OrderBy(n => n.EndPoint!.ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal(3, masters.Count);
        var (from, to) = (masters[0], masters[1]);

        // Symbols of `from`'s slots: ten stay there, five move (each to an empty slot of its own) to `to`.
        var prefix = "SLOT" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var staying = new List<string>();
        var moving = new List<string>();
        var usedSlots = new HashSet<int>();
        var source = admin.GetServer(from.EndPoint!);
        for (var i = 0; staying.Count < 10 || moving.Count < 5; i++)
        {
            var symbol = prefix + i.ToString(CultureInfo.InvariantCulture);
            var slot = admin.HashSlot(RedisKeys.MarketPrice(symbol));
            if (nodes.GetBySlot(slot)?.NodeId != from.NodeId || !usedSlots.Add(slot))
            {
                continue;
            }

            if (moving.Count < 5 && (long)(await source.ExecuteAsync("CLUSTER", "COUNTKEYSINSLOT", slot)) == 0)
            {
                moving.Add(symbol);
            }
            else if (staying.Count < 10)
            {
                staying.Add(symbol);
            }
        }

        Assert.All(staying.Concat(moving), s => Assert.Equal(from.EndPoint, stale.GetServer(RedisKeys.MarketPrice(s), flags: CommandFlags.DemandMaster).EndPoint));
        try
        {
            foreach (var symbol in moving)
            {
                await MoveSlotAsync(admin, from, to, admin.HashSlot(RedisKeys.MarketPrice(symbol)));
            }

            var (x1, x2, older, fenced, sealMoved) = (moving[0], moving[1], moving[2], moving[3], moving[4]);
            var now = PriceVersion.ToUnixMicros(DateTimeOffset.UtcNow);

            // Written through another client, which follows the MOVED: a newer price for one moved symbol, a fence for another.
            var other = new RedisPriceStore(adminConnection, TimeProvider.System);
            Assert.Equal(PriceWriteOutcome.Written, (await other.WriteAsync([Price(older, now, 100)], default))[0].Outcome);
            Assert.Equal(new PriceFenceSeal(1, 0), await other.SealAsync(Feed, 5, [fenced], default));

            // Routed by a moved key: its node (`to`) runs the call and cannot touch the five staying keys.
            PriceVersion Version(int k) => new(now + k, k);
            StoredPrice[] first = [Price(x1, now, 1), .. staying.Take(5).Select(s => Price(s, now, 1))];
            var firstResults = await store.WriteAsync(first, default);
            Assert.All(firstResults, r => Assert.Equal(PriceWriteOutcome.Written, r.Outcome));
            Assert.Equal(5, store.CrossNodeResends);

            // Routed by a staying key: `from` runs the call and cannot touch the three moved keys; alone, each is
            // judged as ever: the newer written, the older and the fenced refused.
            StoredPrice[] second =
            [
                Price(staying[5], now, 2), Price(x2, now, 2), Price(older, now, 2), Price(staying[6], now, 2),
                Price(fenced, now, 2) with { FenceToken = 3 }, Price(staying[7], now, 2),
            ];
            var secondResults = await store.WriteAsync(second, default);
            Assert.Equal(
                new[] { PriceWriteOutcome.Written, PriceWriteOutcome.Written, PriceWriteOutcome.RefusedOlder, PriceWriteOutcome.Written, PriceWriteOutcome.RefusedFenced, PriceWriteOutcome.Written },
                secondResults.Select(r => r.Outcome));
            Assert.Equal(Version(100), secondResults[2].StoredVersion);
            Assert.Equal(5L, secondResults[4].Fence);
            Assert.Equal(8, store.CrossNodeResends);

            // The seal: the moved key's fence is sealed on its own node, the others counted once.
            var seal = await store.SealAsync(Feed, 9, [staying[8], sealMoved, staying[9]], default);
            Assert.Equal(new PriceFenceSeal(3, 0), seal);
            Assert.Equal(1, store.CrossNodeSealResends);

            var symbols = first.Concat(second).Select(p => p.Symbol).ToList();
            var stored = await store.ReadManyAsync(symbols, default);
            Assert.Equal(
                new PriceVersion?[] { Version(1), Version(1), Version(1), Version(1), Version(1), Version(1), Version(2), Version(2), Version(100), Version(2), null, Version(2) },
                stored.Select(p => p?.Version));
            var target = admin.GetServer(to.EndPoint!);
            foreach (var symbol in new[] { x1, x2, older, fenced, sealMoved })
            {
                var keys = (long)await target.ExecuteAsync("CLUSTER", "COUNTKEYSINSLOT", admin.HashSlot(RedisKeys.MarketPrice(symbol)));
                Assert.True(keys > 0, $"{symbol}'s slot has no key on {to.EndPoint}");
            }

            var sealedFences = await Task.WhenAll(new[] { staying[8], sealMoved, staying[9] }.Select(s => admin.GetDatabase().HashGetAsync(RedisKeys.PriceFence(s), Feed)));
            Assert.All(sealedFences, f => Assert.Equal("9", (string?)f));

            // One line for the whole episode, not one per price or per call.
            var lines = logs.Entries.Where(e => e.EventId.Id == 3016).ToList();
            Assert.Single(lines);
            Assert.Contains("non local key", lines[0].Message, StringComparison.Ordinal);
            var sealLine = Assert.Single(logs.Entries, e => e.EventId.Id == 3043 && e.Message.Contains("sealed at token 9", StringComparison.Ordinal));
            Assert.Contains("on 3 symbols (3 raised)", sealLine.Message, StringComparison.Ordinal);
        }
        finally
        {
            // Slots moved: the next test gets a fresh cluster.
            cluster.MarkBroken();
        }
    }

    [Fact]
    public async Task While_a_killed_master_is_not_yet_replaced_its_prices_go_alone_and_the_other_prices_of_the_write_land()
    {
        await using var connection = cluster.NewConnection(out _);
        var store = new RedisPriceStore(connection, TimeProvider.System);
        var multiplexer = await connection.GetAsync(default);
        await Eventually.UntilAsync(
            () => multiplexer.GetServers().All(s => s.ClusterConfiguration is not null), "the client holds every node's own view of the slots");
        var prefix = "DEAD" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var symbols = Enumerable.Range(0, 90).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).ToList();
        EndPoint NodeOf(string symbol) => multiplexer.GetServer(RedisKeys.MarketPrice(symbol), flags: CommandFlags.DemandMaster).EndPoint;
        var deadNode = NodeOf(symbols[0]);
        var onDead = symbols.Where(s => NodeOf(s).Equals(deadNode)).ToList();
        var onOthers = symbols.Except(onDead).ToList();
        Assert.NotEmpty(onOthers);

        cluster.MarkBroken();
        cluster.Cluster.Kill(((IPEndPoint)deadNode).Port);

        // The client has seen the connection drop: it now answers some other master for the dead one's slots, and the
        // cluster has not yet marked the node failed (2 s), so the other masters still serve theirs.
        await Eventually.UntilAsync(() => !NodeOf(onDead[0]).Equals(deadNode), "the client has seen the master's connection drop", TimeSpan.FromSeconds(5));
        var now = PriceVersion.ToUnixMicros(DateTimeOffset.UtcNow);

        // The dead master's prices first: a call of several routed by one of them would fail whole.
        var results = await store.WriteAsync([.. onDead.Select(s => Price(s, now, 1)), .. onOthers.Select(s => Price(s, now, 1))], default);

        Assert.All(results.Take(onDead.Count), r => Assert.Equal(PriceWriteOutcome.Failed, r.Outcome));
        Assert.All(results.Skip(onDead.Count), r => Assert.Equal(PriceWriteOutcome.Written, r.Outcome));
        var stored = await store.ReadManyAsync(onOthers, default);
        Assert.All(stored, p => Assert.Equal(new PriceVersion(now + 1, 1), p?.Version));
    }

    /// <summary>Moves an empty slot from one master to another, as <c>redis-cli --cluster reshard</c> does, telling only the two.</summary>
    private static async Task MoveSlotAsync(IConnectionMultiplexer admin, ClusterNode from, ClusterNode to, int slot)
    {
        var source = admin.GetServer(from.EndPoint!);
        var target = admin.GetServer(to.EndPoint!);
        await target.ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", from.NodeId);
        await source.ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", to.NodeId);
        await target.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", to.NodeId);
        await source.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", to.NodeId);
    }

    /// <summary>A price of version <c>(now + k µs, k)</c>.</summary>
    private static StoredPrice Price(string symbol, long now, int k) => new()
    {
        Symbol = symbol,
        Bid = 1.1000m + (k / 10000m),
        Ask = 1.1002m + (k / 10000m),
        Feed = Feed,
        ReceivedAt = PriceVersion.FromUnixMicros(now + k),
        BookSequence = k,
        Version = new PriceVersion(now + k, k),
    };
}
