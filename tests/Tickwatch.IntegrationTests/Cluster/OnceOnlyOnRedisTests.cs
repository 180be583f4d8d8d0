using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Orders.Redis;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Tests;
using Tickwatch.Trading.Tests.Cluster;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.IntegrationTests.Cluster;

/// <summary>
/// Once-only work on the real Redis Cluster: two trading compositions in one process (each its own price book, engine,
/// trigger monitor and service, and partition ownership) share the trading store, the trigger index and
/// <c>order_updates</c>, as two market services do.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class OnceOnlyOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private const string Group = "OnceOnlyOnRedis";
    private readonly List<AccountId> _accounts = [];
    private RedisTradingStore _store = null!;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _store = new RedisTradingStore(cluster.Connection, TimeProvider.System);
        TradingDesk.PutFxTerms(_store, Group, ("EURUSD", "USD", 0.0001m));

        // Fresh account numbers per run, so what earlier runs left in the store and the index is not this test's.
        var first = Random.Shared.NextInt64(100_000_000, 900_000_000);
        for (var n = 0L; n < 100; n++)
        {
            var account = new AccountId(UserType.Live, first + n);
            await _store.PutAccountAsync(new TradingAccount { Id = account, WalletBalance = 10_000m, Leverage = 100m, Group = Group }, default);
            _accounts.Add(account);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Split_between_two_owners_200_pending_orders_placed_on_either_fire_exactly_once()
    {
        var even = Enumerable.Range(0, PartitionMap.DefaultPartitions).Where(p => p % 2 == 0);
        var odd = Enumerable.Range(0, PartitionMap.DefaultPartitions).Where(p => p % 2 == 1);
        await using var a = await Node.StartAsync(_store, cluster, new Scoped(new FakePartitionOwnership(even), _accounts));
        await using var b = await Node.StartAsync(_store, cluster, new Scoped(new FakePartitionOwnership(odd), _accounts));
        Node.Quote([a, b], 1.08500m, 1.08520m);

        var placed = new List<(AccountId Account, string OrderId)>();
        foreach (var (account, n) in _accounts.Select((account, n) => (account, n)))
        {
            // Placed on either instance whoever owns the account: the owner hears it on order_updates. A loaded machine
            // takes seconds for 200 orders: the (non-crossing) price is kept fresh meanwhile.
            Node.Quote([a, b], 1.08500m + (n % 2 * 0.00001m), 1.08520m + (n % 2 * 0.00001m));
            placed.Add((account, await (n % 2 == 0 ? a : b).PlaceLimitAsync(account)));
            placed.Add((account, await (n % 2 == 0 ? b : a).PlaceLimitAsync(account)));
        }

        var ownedByA = placed.Count(p => a.Ownership.Owns(p.Account));
        Assert.InRange(ownedByA, 1, 199);
        await Eventually.UntilAsync(() => a.Armed == ownedByA && b.Armed == 200 - ownedByA, "each owner armed its accounts' orders");

        await Eventually.UntilAsync(() => Node.Crossing([a, b]) && a.Fired + b.Fired == 200, "every order fired");
        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());

        Assert.Equal((ownedByA, 200 - ownedByA), ((int)a.Fired, (int)b.Fired));
        var fills = 0;
        foreach (var account in _accounts)
        {
            fills += (await _store.ReadOutboxAsync(account, default)).Count(e => e.Contains("\"order_filled\"", StringComparison.Ordinal));
        }

        Assert.Equal(200, fills);
        foreach (var (account, orderId) in placed)
        {
            Assert.Equal(OrderStatus.Open, (await _store.ReadOrderAsync(account, orderId, default))!.Status);
        }
    }

    [Fact]
    public async Task Owners_overlapping_on_every_partition_fill_each_order_once()
    {
        var all = Enumerable.Range(0, PartitionMap.DefaultPartitions).ToArray();
        await using var a = await Node.StartAsync(_store, cluster, new Scoped(new FakePartitionOwnership(all), _accounts));
        await using var b = await Node.StartAsync(_store, cluster, new Scoped(new FakePartitionOwnership(all), _accounts));
        foreach (var (account, n) in _accounts.Select((account, n) => (account, n)))
        {
            Node.Quote([a, b], 1.08500m + (n % 2 * 0.00001m), 1.08520m + (n % 2 * 0.00001m));
            await a.PlaceLimitAsync(account);
        }

        await Eventually.UntilAsync(() => a.Armed == 100 && b.Armed == 100, "both armed every order");
        await Eventually.UntilAsync(() => Node.Crossing([a, b]) && a.Armed == 0 && b.Armed == 0, "both disarmed every order");
        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());

        var fills = 0;
        foreach (var account in _accounts)
        {
            fills += (await _store.ReadOutboxAsync(account, default)).Count(e => e.Contains("\"order_filled\"", StringComparison.Ordinal));
        }

        Assert.Equal(100, fills);
        Assert.Equal(100, a.Fired + b.Fired);
    }

    /// <summary>Ownership limited to this test's accounts, so accounts other tests left on the shared cluster are nobody's here.</summary>
    private sealed class Scoped(FakePartitionOwnership partitions, IEnumerable<AccountId> accounts) : IPartitionOwnership
    {
        private readonly HashSet<AccountId> _accounts = [.. accounts];

        public event Action<PartitionChange>? Changed
        {
            add => partitions.Changed += value;
            remove => partitions.Changed -= value;
        }

        public int Partitions => partitions.Partitions;

        public IReadOnlySet<int> Owned => partitions.Owned;

        public bool Owns(AccountId account) => _accounts.Contains(account) && partitions.Owns(account);
    }

    /// <summary>One market service's trading half on the cluster.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private static int _crossings;
        private readonly CancellationTokenSource _stop = new();
        private int _keys;
        private Task _run = Task.CompletedTask;

        private Node(RedisTradingStore store, RedisClusterFixture cluster, IPartitionOwnership ownership)
        {
            Ownership = ownership;
            Book = new PriceBook(TradingDesk.StandardSymbols(), TimeProvider.System);
            var monitor = new TriggerMonitor(ownership);
            Book.AddListener(monitor);
            var announcements = new RedisOrderAnnouncements(cluster.Connection);
            Engine = new TradingEngine(
                store, Book, Options.Create(new TradingOptions()), TimeProvider.System, NullLogger<TradingEngine>.Instance, [monitor, new OrderAnnouncer(announcements, TimeProvider.System)]);
            Service = new TriggerService(
                monitor, Engine, store, new RedisTriggerIndex(cluster.Connection), Options.Create(new TriggerOptions()), TimeProvider.System, NullLogger<TriggerService>.Instance, announcements);
        }

        public IPartitionOwnership Ownership { get; }

        public PriceBook Book { get; }

        public TradingEngine Engine { get; }

        public TriggerService Service { get; }

        public int Armed => Service.GetStatistics().ArmedPending;

        public long Fired => Service.GetStatistics().FiredPending;

        public static async Task<Node> StartAsync(RedisTradingStore store, RedisClusterFixture cluster, IPartitionOwnership ownership)
        {
            var node = new Node(store, cluster, ownership);
            node._run = node.Service.RunAsync(node._stop.Token);
            await Eventually.UntilAsync(() => node.Service.State == TriggerServiceState.Running || node._run.IsCompleted, "the trigger service is running");
            if (node._run.IsFaulted)
            {
                await node._run;
            }

            return node;
        }

        /// <summary>The same quote into every instance's book, as each instance's feed or replication delivers it.</summary>
        public static void Quote(IEnumerable<Node> nodes, decimal bid, decimal ask)
        {
            var at = DateTimeOffset.UtcNow;
            foreach (var node in nodes)
            {
                Assert.NotNull(node.Book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = bid, Ask = ask, Feed = "json", ReceivedAt = at }).Quote);
            }
        }

        /// <summary>A fresh crossing quote (a slightly different price each call, so the book takes it); a firing refused as stale waits for the next.</summary>
        public static bool Crossing(Node[] nodes)
        {
            var step = Interlocked.Increment(ref _crossings) % 2 * 0.00001m;
            Quote(nodes, 1.08370m - step, 1.08390m - step);
            return true;
        }

        public Task IdleAsync() => Eventually.UntilAsync(() => Service.IsIdle, "the trigger service is idle");

        public async Task<string> PlaceLimitAsync(AccountId account)
        {
            var outcome = await Engine.PlaceAsync(
                new PlaceOrder
                {
                    Account = account,
                    Symbol = "EURUSD",
                    Type = OrderType.BuyLimit,
                    Volume = 0.01m,
                    Price = 1.08400m,
                    IdempotencyKey = $"once-only-{account}-{Interlocked.Increment(ref _keys)}-{Guid.NewGuid():N}",
                },
                default);
            return outcome.Order?.Id ?? throw new InvalidOperationException($"Refused: {outcome.Refusal} {outcome.Detail}");
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }
}
