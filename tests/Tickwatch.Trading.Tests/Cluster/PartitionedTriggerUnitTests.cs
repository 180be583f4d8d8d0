using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>
/// Two instances on one store: each arms and fires only the triggers of its partitions' accounts, takes a partition's
/// triggers over when it gains it, arms orders committed on the other, and two owners overlapping fill an order once.
/// </summary>
public sealed class PartitionedTriggerUnitTests
{
    private static readonly int[] Even = [.. Enumerable.Range(0, PartitionMap.DefaultPartitions).Where(p => p % 2 == 0)];
    private static readonly int[] Odd = [.. Enumerable.Range(0, PartitionMap.DefaultPartitions).Where(p => p % 2 == 1)];

    [Fact]
    public async Task Split_between_two_owners_200_pending_orders_each_fire_once_on_the_owner_of_their_account()
    {
        var desk = new TradingDesk();
        var announcements = new InMemoryOrderAnnouncements();
        var index = new InMemoryTriggerIndex();
        var accounts = await TriggerNode.OpenAccountsAsync(desk, 1000, 100);
        await using var a = new TriggerNode(desk, index, announcements, new FakePartitionOwnership(Even));
        await using var b = new TriggerNode(desk, index, announcements, new FakePartitionOwnership(Odd));
        await a.StartAsync();
        await b.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        // Orders placed on either instance, whoever owns the account.
        var placed = new List<(AccountId Account, string OrderId)>();
        foreach (var (account, n) in accounts.Select((account, n) => (account, n)))
        {
            var node = n % 3 == 0 ? a : b;
            placed.Add((account, (await node.PlaceLimitAsync(account, 1.08400m)).Order!.Id));
            placed.Add((account, (await node.PlaceLimitAsync(account, 1.08400m)).Order!.Id));
        }

        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());
        var ownedByA = placed.Count(p => a.OwnsPartitionOf(p.Account));
        Assert.InRange(ownedByA, 1, 199);
        Assert.Equal((ownedByA, 200 - ownedByA), (a.Armed, b.Armed));

        desk.Price("EURUSD", 1.08370m, 1.08390m);
        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());

        Assert.Equal((ownedByA, 200 - ownedByA), (a.Statistics.FiredPending, b.Statistics.FiredPending));
        Assert.Equal(0, a.Statistics.AlreadyFired + b.Statistics.AlreadyFired);
        Assert.All(a.Statistics.LastFirings.Concat(b.Statistics.LastFirings), f => Assert.Contains(placed, p => p.OrderId == f.OrderId));
        foreach (var (account, orderId) in placed)
        {
            Assert.Equal(OrderStatus.Open, (await desk.Store.ReadOrderAsync(account, orderId, default))!.Status);
        }

        Assert.Equal(200, accounts.Sum(account => desk.Store.Outbox(account).Count(e => e.Event.Kind == "order_filled")));
    }

    [Fact]
    public async Task Two_owners_overlapping_during_a_handover_fill_each_order_once()
    {
        var desk = new TradingDesk();
        var announcements = new InMemoryOrderAnnouncements();
        var index = new InMemoryTriggerIndex();
        var accounts = await TriggerNode.OpenAccountsAsync(desk, 2000, 40);
        await using var a = new TriggerNode(desk, index, announcements, FakePartitionOwnership.All());
        await using var b = new TriggerNode(desk, index, announcements, FakePartitionOwnership.All());
        await a.StartAsync();
        await b.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);
        var placed = new List<(AccountId Account, string OrderId)>();
        foreach (var account in accounts)
        {
            placed.Add((account, (await a.PlaceLimitAsync(account, 1.08400m)).Order!.Id));
        }

        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());
        Assert.Equal((40, 40), (a.Armed, b.Armed));

        desk.Price("EURUSD", 1.08370m, 1.08390m);
        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());

        // Both fired what they had armed; the engine filled each order once and answered the other as a replay or a refusal.
        Assert.Equal(40, a.Statistics.FiredPending + b.Statistics.FiredPending);
        Assert.Equal(40, accounts.Sum(account => desk.Store.Outbox(account).Count(e => e.Event.Kind == "order_filled")));
        foreach (var (account, orderId) in placed)
        {
            Assert.Equal(OrderStatus.Open, (await desk.Store.ReadOrderAsync(account, orderId, default))!.Status);
        }
    }

    [Fact]
    public async Task A_gained_partition_s_triggers_are_loaded_from_the_store_and_a_lost_one_s_are_disarmed_and_fired_by_the_new_owner()
    {
        var desk = new TradingDesk();
        var announcements = new InMemoryOrderAnnouncements();
        var index = new InMemoryTriggerIndex();
        var accounts = await TriggerNode.OpenAccountsAsync(desk, 3000, 30);
        await using var a = new TriggerNode(desk, index, announcements, FakePartitionOwnership.All());
        await using var b = new TriggerNode(desk, index, announcements, new FakePartitionOwnership());
        await a.StartAsync();
        await b.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);
        foreach (var account in accounts)
        {
            await a.PlaceLimitAsync(account, 1.08400m);
        }

        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());
        Assert.Equal((30, 0), (a.Armed, b.Armed));

        var all = Enumerable.Range(0, PartitionMap.DefaultPartitions).ToArray();
        await a.Ownership.Lose(all);
        await b.Ownership.Gain(all);
        await Eventually.UntilAsync(() => a.Armed == 0 && b.Armed == 30, "the triggers moved to the new owner");
        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());

        desk.Price("EURUSD", 1.08370m, 1.08390m);
        await Task.WhenAll(a.IdleAsync(), b.IdleAsync());

        Assert.Equal((0, 30), (a.Statistics.FiredPending, b.Statistics.FiredPending));

        // The index still names nothing armed after the handover: the new owner did not write it twice, the old one did not disarm it.
        Assert.Empty(await index.LoadAllAsync(default));
    }

    [Fact]
    public async Task An_order_committed_on_an_instance_that_does_not_own_the_account_is_armed_and_fired_by_its_owner()
    {
        var desk = new TradingDesk();
        var announcements = new InMemoryOrderAnnouncements();
        var index = new InMemoryTriggerIndex();
        await using var owner = new TriggerNode(desk, index, announcements, FakePartitionOwnership.All());
        await using var other = new TriggerNode(desk, index, announcements, new FakePartitionOwnership());
        await owner.StartAsync();
        await other.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        var placed = (await other.PlaceLimitAsync(TradingDesk.Alice, 1.08400m)).Order!;
        await Eventually.UntilAsync(() => owner.Armed == 1, "the owner armed the order it heard of");
        await Task.WhenAll(owner.IdleAsync(), other.IdleAsync());
        Assert.Equal(0, other.Armed);

        desk.Price("EURUSD", 1.08370m, 1.08390m);
        await Task.WhenAll(owner.IdleAsync(), other.IdleAsync());

        Assert.Equal((1L, 0L), (owner.Statistics.FiredPending, other.Statistics.FiredPending));
        Assert.Equal(OrderStatus.Open, (await desk.Store.ReadOrderAsync(TradingDesk.Alice, placed.Id, default))!.Status);
    }
}
