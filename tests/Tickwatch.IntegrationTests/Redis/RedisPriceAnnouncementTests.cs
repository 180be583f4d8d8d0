using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Core.Prices;
using Tickwatch.Storage;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The write script against the real cluster: prices grouped per node, one outcome each, and announced from the script only when written.</summary>
/// <remarks>
/// "Not announced" is checked against a sentinel announced afterwards from the same node: a node relays its
/// announcements in order, so once the sentinel has arrived, an announcement made before it would have too.
/// </remarks>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisPriceAnnouncementTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private static int _counter;

    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_written_price_is_announced_on_both_channels_from_the_script_and_a_refused_one_on_neither()
    {
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var multiplexer = await cluster.Connection.GetAsync(default);
        var (fresh, stale) = (Symbol(), Symbol());
        var sentinel = SymbolOnNodeOf(multiplexer, stale);
        // Newer, yet within the lead a store allows a version ahead of its clock.
        await store.WriteAsync([Price(stale, 2.0m, Now(5), 1)], default);
        var listener = await Listener.StartAsync(cluster.Connection, fresh, stale, sentinel);

        var results = await store.WriteAndAnnounceAsync([Price(stale, 2.5m, Now(0), 2), Price(fresh, 1.5m, Now(0), 2)], default);
        await store.WriteAndAnnounceAsync([Price(sentinel, 1m, Now(0), 1)], default);
        await listener.HeardAsync(fresh);
        await listener.HeardAsync(sentinel);
        await listener.DisposeAsync();

        Assert.Equal([PriceWriteOutcome.RefusedOlder, PriceWriteOutcome.Written], results.Select(r => r.Outcome));
        Assert.Equal(results[1].Price, Assert.Single(listener.Prices[fresh]));
        Assert.Equal(1, listener.Symbols.Count(s => s == fresh));
        Assert.Empty(listener.Prices[stale]);
        Assert.DoesNotContain(stale, listener.Symbols);
        Assert.Equal(2.0m, (await store.ReadAsync(stale, default))!.Bid);
    }

    [Fact]
    public async Task A_plain_write_announces_nothing_and_leaves_it_to_the_publisher()
    {
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var multiplexer = await cluster.Connection.GetAsync(default);
        var quiet = Symbol();
        var sentinel = SymbolOnNodeOf(multiplexer, quiet);
        var listener = await Listener.StartAsync(cluster.Connection, quiet, sentinel);

        var results = await store.WriteAsync([Price(quiet, 1.5m, Now(0), 1)], default);
        await store.WriteAndAnnounceAsync([Price(sentinel, 1m, Now(0), 1)], default);
        await listener.HeardAsync(sentinel);
        await listener.DisposeAsync();

        Assert.True(results[0].IsWritten);
        Assert.Empty(listener.Prices[quiet]);
        Assert.DoesNotContain(quiet, listener.Symbols);
    }

    [Fact]
    public async Task With_symbol_updates_off_only_the_price_channel_announces()
    {
        await using var connection = cluster.NewConnection(out _, o => o.PublishSymbolUpdates = false);
        var store = new RedisPriceStore(connection, TimeProvider.System);
        var loud = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var multiplexer = await connection.GetAsync(default);
        var symbol = Symbol();
        var sentinel = SymbolOnNodeOf(multiplexer, symbol);
        var listener = await Listener.StartAsync(cluster.Connection, symbol, sentinel);

        await store.WriteAndAnnounceAsync([Price(symbol, 1.5m, Now(0), 1)], default);
        await loud.WriteAndAnnounceAsync([Price(sentinel, 1m, Now(0), 1)], default);
        await listener.HeardAsync(sentinel);
        await listener.DisposeAsync();

        Assert.True(store.Announces);
        Assert.Single(listener.Prices[symbol]);
        Assert.DoesNotContain(symbol, listener.Symbols);
    }

    [Fact]
    public async Task Symbols_go_on_market_price_updates_only_while_someone_listens_there()
    {
        await using var connection = cluster.NewConnection(out _, o => o.SymbolUpdatesListenerCheck = TimeSpan.FromMilliseconds(50));
        var store = new RedisPriceStore(connection, TimeProvider.System);
        var unheard = Symbol();
        var heard = Symbol();
        var sequence = 0;
        async Task<bool> WriteThen(string symbol, Func<bool> condition)
        {
            var written = await store.WriteAndAnnounceAsync([Price(symbol, 1m, Now(0), ++sequence)], default);
            Assert.True(written[0].IsWritten);
            return condition();
        }

        // Until a check has answered it announces; once one finds nobody listening, it stops.
        Assert.True(store.SymbolUpdatesListened);
        await Eventually.UntilAsync(() => WriteThen(unheard, () => store.SymbolUpdateListenerChecks > 0 && !store.SymbolUpdatesListened), "a check finds nobody listening");

        // A client that subscribes hears the symbols within about one check. It listens for a symbol never written
        // before: a publication of the first symbol from before it subscribed may still be crossing the cluster bus.
        var listener = await Listener.StartAsync(cluster.Connection, heard);
        await Eventually.UntilAsync(() => WriteThen(heard, () => listener.Symbols.Contains(heard)), "the new listener hears the symbol");
        Assert.True(store.SymbolUpdatesListened);
        await listener.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_over_every_master_gets_one_outcome_per_price_in_order()
    {
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var multiplexer = await cluster.Connection.GetAsync(default);
        var symbols = Enumerable.Range(0, (RedisPriceStore.PricesPerCall * 3) + 50).Select(_ => Symbol()).ToArray();
        var later = Now(5);
        await store.WriteAsync([.. symbols.Where((_, i) => i % 3 == 0).Select(s => Price(s, 9m, later, 9))], default);

        var results = await store.WriteAndAnnounceAsync([.. symbols.Select((s, i) => Price(s, 1m + (i / 10_000m), Now(0), 1))], default);

        Assert.Equal(3, symbols.Select(s => multiplexer.GetServer(RedisKeys.MarketPrice(s), flags: CommandFlags.DemandMaster).EndPoint).Distinct().Count());
        for (var i = 0; i < symbols.Length; i++)
        {
            Assert.Equal(symbols[i], results[i].Price.Symbol);
            Assert.Equal(i % 3 == 0 ? PriceWriteOutcome.RefusedOlder : PriceWriteOutcome.Written, results[i].Outcome);
            Assert.Equal(i % 3 == 0 ? new PriceVersion(later, 9) : null, results[i].StoredVersion);
        }

        var stored = await store.ReadManyAsync(symbols, default);
        Assert.All(stored.Select((p, i) => (p!, i)), e => Assert.Equal(e.i % 3 == 0 ? 9m : 1m + (e.i / 10_000m), e.Item1.Bid));
    }

    [Fact]
    public async Task A_price_whose_slot_moved_away_is_sent_again_alone_within_the_same_write_and_the_others_of_its_call_are_written()
    {
        // A connection that re-reads the topology only when told MOVED, so that it still believes the old owner.
        await using var connection = cluster.NewConnection(out _, o => o.TopologyCheckInterval = TimeSpan.FromMinutes(5));
        var store = new RedisPriceStore(connection, TimeProvider.System);
        var multiplexer = await connection.GetAsync(default);
        var staying = Symbol();
        var from = multiplexer.GetServer(RedisKeys.MarketPrice(staying), flags: CommandFlags.DemandMaster);
        string moving;
        do
        {
            // Only a slot without keys moves by the short procedure below.
            moving = SymbolOnNodeOf(multiplexer, staying);
        }
        while ((await Cli(Port(from), "CLUSTER", "COUNTKEYSINSLOT", multiplexer.HashSlot(RedisKeys.MarketPrice(moving)).ToString(CultureInfo.InvariantCulture))).Trim() != "0");

        var slot = multiplexer.HashSlot(RedisKeys.MarketPrice(moving));
        var to = multiplexer.GetServers().First(s => !s.IsReplica && !s.EndPoint.Equals(from.EndPoint));

        cluster.MarkBroken();
        await MoveEmptySlotAsync(slot, Port(from), Port(to));
        var results = await store.WriteAndAnnounceAsync([Price(staying, 1.1m, Now(0), 1), Price(moving, 1.2m, Now(0), 1)], default);

        // The call's node refused the moved price untouched ("non local key"); it went again alone, to its new node.
        Assert.Equal(PriceWriteOutcome.Written, results[0].Outcome);
        Assert.Equal(PriceWriteOutcome.Written, results[1].Outcome);
        Assert.Equal(1, store.CrossNodeResends);
        Assert.Equal(1.1m, (await store.ReadAsync(staying, default))!.Bid);
        Assert.Equal(1.2m, (await store.ReadAsync(moving, default))!.Bid);
    }

    // The documented resharding steps for a slot without keys: importing, migrating, then the new owner on both.
    private static async Task MoveEmptySlotAsync(int slot, int fromPort, int toPort)
    {
        var fromId = (await Cli(fromPort, "CLUSTER", "MYID")).Trim();
        var toId = (await Cli(toPort, "CLUSTER", "MYID")).Trim();
        var number = slot.ToString(CultureInfo.InvariantCulture);
        await Cli(toPort, "CLUSTER", "SETSLOT", number, "IMPORTING", fromId);
        await Cli(fromPort, "CLUSTER", "SETSLOT", number, "MIGRATING", toId);
        await Cli(toPort, "CLUSTER", "SETSLOT", number, "NODE", toId);
        await Cli(fromPort, "CLUSTER", "SETSLOT", number, "NODE", toId);
    }

    private static Task<string> Cli(int port, params string[] arguments) =>
        RedisClusterFixture.RunAsync("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), .. arguments], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));

    private static int Port(IServer server) => ((System.Net.IPEndPoint)server.EndPoint).Port;

    private static string Symbol() =>
        "A" + Interlocked.Increment(ref _counter).ToString("D4", CultureInfo.InvariantCulture) + Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 3));

    private static string SymbolOnNodeOf(IConnectionMultiplexer multiplexer, string symbol)
    {
        var node = multiplexer.GetServer(RedisKeys.MarketPrice(symbol), flags: CommandFlags.DemandMaster).EndPoint;
        while (true)
        {
            var candidate = Symbol();
            if (multiplexer.GetServer(RedisKeys.MarketPrice(candidate), flags: CommandFlags.DemandMaster).EndPoint.Equals(node)
                && multiplexer.HashSlot(RedisKeys.MarketPrice(candidate)) != multiplexer.HashSlot(RedisKeys.MarketPrice(symbol)))
            {
                return candidate;
            }
        }
    }

    private static long Now(int secondsAhead) => PriceVersion.ToUnixMicros(DateTimeOffset.UtcNow.AddSeconds(secondsAhead));

    private static StoredPrice Price(string symbol, decimal bid, long micros, long sequence) => new()
    {
        Symbol = symbol,
        Bid = bid,
        Ask = bid + 0.0002m,
        Feed = "json",
        ReceivedAt = PriceVersion.FromUnixMicros(micros),
        BookSequence = sequence,
        Version = new PriceVersion(micros, sequence),
    };

    /// <summary>Everything announced for some symbols: on <c>market_price_updates</c> and on each one's <c>prices:{market:SYMBOL}</c>.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _subscriptions = [];

        public ConcurrentQueue<string> Symbols { get; } = new();

        public Dictionary<string, ConcurrentQueue<StoredPrice>> Prices { get; } = new(StringComparer.Ordinal);

        public static async Task<Listener> StartAsync(RedisConnection connection, params string[] symbols)
        {
            var subscriber = new RedisPriceAnnouncementSubscriber(connection);
            var listener = new Listener();
            var watched = symbols.ToHashSet(StringComparer.Ordinal);
            listener._subscriptions.Add(await subscriber.SubscribeSymbolsAsync(s =>
            {
                if (watched.Contains(s))
                {
                    listener.Symbols.Enqueue(s);
                }
            }, default));
            foreach (var symbol in symbols)
            {
                var prices = listener.Prices[symbol] = new ConcurrentQueue<StoredPrice>();
                listener._subscriptions.Add(await subscriber.SubscribePricesAsync(symbol, prices.Enqueue, default));
            }

            return listener;
        }

        /// <summary>Waits until <paramref name="symbol"/> was heard on both channels.</summary>
        public Task HeardAsync(string symbol) =>
            Eventually.UntilAsync(() => Symbols.Contains(symbol) && !Prices[symbol].IsEmpty, $"{symbol} is announced on both channels");

        public async ValueTask DisposeAsync()
        {
            foreach (var subscription in _subscriptions)
            {
                await subscription.DisposeAsync();
            }
        }
    }
}
