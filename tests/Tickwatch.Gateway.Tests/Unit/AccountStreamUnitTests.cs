using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>
/// The portfolio channel behind the stream: reads of an account's portfolio coalesced under bursts of announcements,
/// never an older portfolio after a newer one, each client its own account only, one subscription for the gateway.
/// </summary>
public sealed class AccountStreamUnitTests : IAsyncDisposable
{
    private static readonly AccountId Alice = new(UserType.Live, 42);
    private static readonly AccountId Bob = new(UserType.Demo, 7);

    private readonly StreamStatistics _statistics = new();
    private readonly List<AccountStreamRegistry> _registries = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var registry in _registries)
        {
            await registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task Announcements_during_a_read_make_one_more_read_and_the_client_ends_with_the_newest_portfolio()
    {
        var store = new ScriptedPortfolioStore();
        var client = new RecordingAccountClient();
        var registry = Registry(store);

        Assert.True(await registry.JoinAsync(Alice, client, null, default));
        for (var i = 0; i < 50; i++)
        {
            store.Announce(Alice);
        }

        Assert.Equal(1, store.ReadsMade);
        store.Answer(AccountChanges.Valued(Alice, 1));
        await Eventually.UntilAsync(() => store.ReadsWaiting == 1, "the one read that covers the 50 announcements");
        store.Answer(AccountChanges.Valued(Alice, 2));
        await Eventually.UntilAsync(() => client.Portfolios.Count == 2, "both portfolios are sent");

        Assert.Equal(2, store.ReadsMade);
        Assert.Equal(50, _statistics.PortfolioReadsCoalesced);
        Assert.Equal(50, _statistics.PortfolioAnnouncements);
        Assert.Equal([10_064.00m, 10_065.00m], client.Portfolios.Select(p => p["equity"]!.GetValue<decimal>()));

        // Idle again: the next announcement reads at once.
        store.Announce(Alice);
        Assert.Equal(3, store.ReadsMade);
    }

    [Fact]
    public async Task A_portfolio_read_after_a_newer_one_is_not_sent_nor_the_same_one_twice()
    {
        var store = new ScriptedPortfolioStore();
        var client = new RecordingAccountClient();
        var registry = Registry(store);
        Assert.True(await registry.JoinAsync(Alice, client, null, default));

        foreach (var secondsLater in new[] { 5, 3, 5, 6 })
        {
            store.Announce(Alice);
            store.Answer(AccountChanges.Valued(Alice, secondsLater));
            await Eventually.UntilAsync(() => store.ReadsWaiting == 1, "the next read");
        }

        store.Answer(AccountChanges.Valued(Alice, 4));
        await Eventually.UntilAsync(() => _statistics.PortfoliosNotNewer == 3, "the older and repeated portfolios are dropped");

        Assert.Equal(
            [AccountChanges.At.AddSeconds(5), AccountChanges.At.AddSeconds(6)],
            client.Portfolios.Select(p => p["computed_at"]!.GetValue<DateTimeOffset>()));
    }

    [Fact]
    public async Task Each_client_is_sent_only_its_own_accounts_portfolio_and_orders()
    {
        var portfolios = new InMemoryPortfolioStore();
        var orders = new InMemoryOrderAnnouncements();
        var alice = new RecordingAccountClient();
        var bob = new RecordingAccountClient();
        var registry = Registry(portfolios, orders);
        Assert.True(await registry.JoinAsync(Alice, alice, null, default));
        Assert.True(await registry.JoinAsync(Bob, bob, null, default));

        await portfolios.WriteAsync(AccountChanges.Valued(Alice, 1), default);
        await orders.PublishAsync(AccountChanges.Order(Alice, "a-1"), default);
        await portfolios.WriteAsync(AccountChanges.Degraded(Bob, 1), default);
        await orders.PublishAsync(AccountChanges.Order(new AccountId(UserType.Live, 7), "not-bobs"), default);
        await Eventually.UntilAsync(() => alice.Messages.Count == 2 && bob.Messages.Count == 1, "each account's messages");

        Assert.All(alice.Messages, m => Assert.Equal("live:42", (m["portfolio"] ?? m["order"])!["account"]!.GetValue<string>()));
        Assert.Equal(["a-1"], alice.Orders.Select(o => o["order_id"]!.GetValue<string>()));
        var degraded = Assert.Single(bob.Portfolios);
        Assert.Equal(("demo:7", "degraded"), (degraded["account"]!.GetValue<string>(), degraded["calc_status"]!.GetValue<string>()));
        Assert.Empty(bob.Orders);
        Assert.Equal(2, _statistics.OrderAnnouncements);
    }

    [Fact]
    public async Task One_subscription_to_each_announcement_channel_serves_every_client_and_an_account_is_followed_until_its_last_client_leaves()
    {
        var store = new ScriptedPortfolioStore();
        var orders = new CountingOrderAnnouncements();
        var registry = Registry(store, orders);
        RecordingAccountClient[] clients = [new(), new(), new()];

        Assert.True(await registry.JoinAsync(Alice, clients[0], null, default));
        Assert.True(await registry.JoinAsync(Alice, clients[1], null, default));
        Assert.True(await registry.JoinAsync(Bob, clients[2], null, default));

        Assert.Equal((1, 1), (store.Subscriptions, orders.Subscriptions));
        Assert.Equal((3, 2), (registry.ClientCount, registry.AccountCount));
        registry.Leave(Alice, clients[0]);
        registry.Leave(Alice, clients[0]);
        Assert.Equal((2, 2), (registry.ClientCount, registry.AccountCount));
        registry.Leave(Alice, clients[1]);
        registry.Leave(Bob, clients[2]);
        Assert.Equal((0, 0), (registry.ClientCount, registry.AccountCount));
    }

    [Fact]
    public async Task A_client_joining_a_followed_account_is_sent_its_latest_portfolio_at_once_without_a_read()
    {
        var store = new ScriptedPortfolioStore();
        var first = new RecordingAccountClient();
        var second = new RecordingAccountClient();
        var registry = Registry(store);
        Assert.True(await registry.JoinAsync(Alice, first, null, default));
        store.Answer(AccountChanges.Valued(Alice, 1));
        await Eventually.UntilAsync(() => first.Portfolios.Count == 1, "the first client's snapshot");

        Assert.True(await registry.JoinAsync(Alice, second, null, default));

        Assert.Equal(1, store.ReadsMade);
        Assert.Equal(first.Portfolios.Single().ToJsonString(), second.Portfolios.Single().ToJsonString());
    }

    [Fact]
    public async Task A_failed_read_is_counted_and_the_accounts_next_change_reads_again()
    {
        var store = new ScriptedPortfolioStore();
        var client = new RecordingAccountClient();
        var registry = Registry(store);
        Assert.True(await registry.JoinAsync(Alice, client, null, default));

        store.Fail(new TradingStoreException("Redis portfolio store, reading user_portfolio:{live:42}: timeout"));
        await Eventually.UntilAsync(() => _statistics.PortfolioReadFailures == 1, "the failure is counted");
        store.Announce(Alice);
        store.Answer(AccountChanges.Valued(Alice, 1));
        await Eventually.UntilAsync(() => client.Portfolios.Count == 1, "the next change's portfolio");

        Assert.Equal(2, _statistics.PortfolioReads);
    }

    [Fact]
    public async Task A_failed_subscription_refuses_the_join_is_counted_and_the_next_join_subscribes()
    {
        var store = new ScriptedPortfolioStore { FailNextSubscription = new TradingStoreException("Redis portfolio store, subscribing to portfolio_updates: down") };
        var registry = Registry(store);

        Assert.False(await registry.JoinAsync(Alice, new RecordingAccountClient(), null, default));
        Assert.Equal((1, 0), (_statistics.PortfolioSubscribeFailures, registry.ClientCount));
        Assert.True(await registry.JoinAsync(Alice, new RecordingAccountClient(), null, default));
        Assert.Equal(1, store.Subscriptions);
    }

    private AccountStreamRegistry Registry(IPortfolioStore store, IOrderAnnouncements? orders = null)
    {
        var registry = new AccountStreamRegistry(
            store,
            orders ?? new InMemoryOrderAnnouncements(),
            new InMemoryTradingStore(),
            new FakeTimeProvider(AccountChanges.At),
            TimeSpan.FromSeconds(30),
            TimeSpan.Zero,
            _statistics,
            NullLogger.Instance);
        _registries.Add(registry);
        return registry;
    }

    private sealed class CountingOrderAnnouncements : IOrderAnnouncements
    {
        private readonly InMemoryOrderAnnouncements _inner = new();

        public int Subscriptions { get; private set; }

        public long Failures => 0;

        public long MalformedMessages => 0;

        public Task PublishAsync(OrderAnnouncement announcement, CancellationToken cancellationToken) => _inner.PublishAsync(announcement, cancellationToken);

        public Task<IAsyncDisposable> SubscribeAsync(Action<OrderAnnouncement> onAnnounced, CancellationToken cancellationToken)
        {
            Subscriptions++;
            return _inner.SubscribeAsync(onAnnounced, cancellationToken);
        }
    }
}
