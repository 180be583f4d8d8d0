using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>
/// The partition reconcile (D13c) on fake time: a commit made on another instance whose announcement or hint was lost
/// (it died right after the commit) is picked up by the owner's triggers and portfolio at the next interval, not before;
/// alone there is no reconcile.
/// </summary>
public sealed class PartitionReconcileUnitTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly ClusterOptions Leased = new() { Mode = ClusterMode.Leased, PartitionReconcileInterval = Interval };

    [Fact]
    public async Task An_order_whose_announcement_was_lost_is_armed_at_the_owners_next_reconcile_and_its_cancel_disarmed_at_the_one_after()
    {
        var desk = new TradingDesk();
        var index = new InMemoryTriggerIndex();
        var accounts = await TriggerNode.OpenAccountsAsync(desk, 3000, 1);

        // The owner hears order_updates; the other instance's announcements go where nobody listens.
        await using var owner = new TriggerNode(desk, index, new InMemoryOrderAnnouncements(), FakePartitionOwnership.All(), Leased);
        await using var other = new TriggerNode(desk, index, new InMemoryOrderAnnouncements(), new FakePartitionOwnership(), Leased);
        await owner.StartAsync();
        await other.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        var placed = (await other.PlaceLimitAsync(accounts[0], 1.08400m)).Order!;
        await Task.WhenAll(owner.IdleAsync(), other.IdleAsync());
        Assert.Equal((0, 0), (owner.Armed, other.Armed));

        desk.Time.Advance(Interval - TimeSpan.FromSeconds(1));
        await owner.IdleAsync();
        Assert.Equal(0, owner.Armed);
        Assert.Equal(0, owner.Service.Reconciles);

        await Eventually.UntilAsync(
            () =>
            {
                desk.Time.Advance(TimeSpan.FromSeconds(1));
                return owner.Armed == 1;
            },
            "the reconcile armed the order");
        Assert.Equal(1, owner.Service.ReconciledOrders);
        Assert.Equal(0, other.Armed);

        // Cancelled elsewhere, the cancel's announcement lost too: disarmed at the next reconcile.
        var cancelled = await other.Engine.CancelAsync(new CancelOrder(accounts[0], placed.Id, desk.Key()), default);
        Assert.True(cancelled.Accepted, cancelled.Detail);
        await Eventually.UntilAsync(
            () =>
            {
                desk.Time.Advance(TimeSpan.FromSeconds(1));
                return owner.Armed == 0;
            },
            "the reconcile disarmed the cancelled order");
        Assert.Equal(2, owner.Service.ReconciledOrders);
        await owner.IdleAsync();
        Assert.Equal(OrderStatus.Cancelled, (await desk.Store.ReadOrderAsync(accounts[0], placed.Id, default))!.Status);
    }

    [Fact]
    public async Task Alone_the_trigger_service_never_reconciles()
    {
        var desk = new TradingDesk();
        await using var alone = new TriggerNode(desk, new InMemoryTriggerIndex(), new InMemoryOrderAnnouncements(), FakePartitionOwnership.All(), new ClusterOptions());
        await alone.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            desk.Time.Advance(Interval);
            await alone.IdleAsync();
        }

        Assert.Equal(0, alone.Service.Reconciles);
    }

    [Fact]
    public async Task A_commit_whose_recalculation_hint_was_lost_is_valued_by_the_owner_at_its_next_reconcile()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryTradingStore(time);
        var book = new PriceBook(TradingDesk.StandardSymbols(), time);
        var portfolios = new InMemoryPortfolioStore();
        var alice = new AccountId(UserType.Live, 42);
        await store.PutAccountAsync(new TradingAccount { Id = alice, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default);
        TradingDesk.PutFxTerms(store, ("EURUSD", "USD", 0.0001m));
        var others = Enumerable.Range(0, PartitionMap.DefaultPartitions).Where(p => p != PartitionMap.Of(alice));
        await using var owner = new PortfolioNode("owner", store, book, portfolios, time, new FakePartitionOwnership([PartitionMap.Of(alice)]), Leased);
        await using var other = new PortfolioNode("other", store, book, portfolios, time, new FakePartitionOwnership(others), Leased, hintsLost: true);
        await owner.StartAsync();
        await other.StartAsync();
        Price(book, time, 1.08500m, 1.08520m);

        await other.BuyAsync(alice, 1m);
        await Eventually.UntilAsync(() => owner.IsIdle && other.IsIdle, "both calculators are idle");
        Assert.Equal((0, 0), (owner.Tracked, other.Tracked));
        Assert.Null(await portfolios.ReadAsync(alice, default));

        await Eventually.UntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return owner.Calculator.Reconciles >= 1 && owner.IsIdle;
            },
            "the owner reconciled");
        Assert.Equal(1, owner.Tracked);
        Assert.Equal(1, owner.Calculator.ReconciledAccounts);

        Price(book, time, 1.08600m, 1.08620m);
        await Eventually.ValueAsync(() => portfolios.ReadAsync(alice, default), p => p is { OpenPnl: 70.00m }, "alice's portfolio valued by the owner");
        Assert.Equal(0, other.Tracked);
    }

    private static void Price(PriceBook book, TimeProvider time, decimal bid, decimal ask) =>
        Assert.NotNull(book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = bid, Ask = ask, Feed = "json", ReceivedAt = time.GetUtcNow() }).Quote);
}
