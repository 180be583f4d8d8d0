using System.Net.Http.Json;
using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Trading;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The provider link with the engine on the real Redis Cluster store: each report applied once in the account's Lua commit, repeats and a drop included.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisProviderLinkTests(RedisClusterFixture cluster)
{
    [Fact]
    public async Task Repeated_reports_and_a_dropped_link_leave_every_order_filled_once_on_the_redis_store()
    {
        await cluster.EnsureHealthyAsync();
        await using var gateway = await LoopbackExecGateway.StartAsync();
        using var control = new HttpClient { BaseAddress = ExecGatewayHost.GetControlAddress(gateway), Timeout = Eventually.DefaultTimeout };
        var trader = new AccountId(UserType.Live, 800_000_000 + Random.Shared.Next(100_000_000));
        await using var desk = ProviderDesk.Start(ExecGatewayHost.GetLinkEndPoint(gateway), store: new RedisTradingStore(cluster.Connection), trader: trader);
        desk.Price("EURUSD", 1.08400m, 1.08412m);
        await desk.WhenConnectedAsync();
        (await control.PostAsJsonAsync("/control/repeat", new { copies = 3 })).EnsureSuccessStatusCode();

        // One after another: ten at once on one account would lose the store's race (BUSY) before the link sees them.
        var first = await PlaceAsync(desk, 10);
        await desk.WhenSettledAsync();
        (await control.PostAsync("/control/pause", null)).EnsureSuccessStatusCode();
        var held = await PlaceAsync(desk, 10);
        await Eventually.UntilAsync(() => ExecGatewayHost.GetEngine(gateway).GetStatus().Reports.GetValueOrDefault("EXECUTED") >= 20, "the gateway has filled the held ones");
        (await control.PostAsync("/control/drop", null)).EnsureSuccessStatusCode();
        (await control.PostAsync("/control/resume", null)).EnsureSuccessStatusCode();
        await desk.WhenSettledAsync();
        await Eventually.UntilAsync(() => desk.Link.Snapshot().DuplicatesIgnored >= 20, "the repeats have arrived");

        foreach (var outcome in first.Concat(held))
        {
            var order = await desk.OrderAsync(outcome.Order!.Id);
            Assert.Equal((OrderStatus.Open, 1.08412m), (order.Status, order.OpenPrice));
        }

        var snapshot = desk.Link.Snapshot();
        Assert.Equal(20, snapshot.ReportsApplied);
        Assert.True(snapshot.Reconnects >= 1);
        Assert.Equal(20, (await desk.Store.ReadAccountAsync(trader, default))!.ActiveOrders.Count);
        await gateway.StopAsync();
    }

    [Fact]
    public async Task Two_market_services_on_the_redis_store_watch_each_others_resting_orders_and_send_one_cancel_between_them()
    {
        await cluster.EnsureHealthyAsync();
        await using var gateway = await LoopbackExecGateway.StartAsync();
        var trader = new AccountId(UserType.Live, 800_000_000 + Random.Shared.Next(100_000_000));
        var store = new RedisTradingStore(cluster.Connection);
        await store.PutAccountAsync(new TradingAccount { Id = trader, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard", Route = ExecutionRoute.Provider }, default);
        static void Fast(ProviderLinkOptions o) => (o.PendingCheckInterval, o.PendingRescanInterval) = (TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1));
        await using var a = ProviderDesk.Start(ExecGatewayHost.GetLinkEndPoint(gateway), Fast, store: store, trader: trader);
        await using var b = ProviderDesk.Start(ExecGatewayHost.GetLinkEndPoint(gateway), Fast, store: new RedisTradingStore(cluster.Connection), trader: trader);
        a.Price("EURUSD", 1.08400m, 1.08412m);
        b.Price("EURUSD", 1.08400m, 1.08412m);
        await a.WhenConnectedAsync();
        await b.WhenConnectedAsync();
        a.StartPendingMonitor();
        b.StartPendingMonitor();

        // Placed through A only: B is never told, its rescan finds it.
        await a.Place(OrderType.Buy, 5m);
        var resting = (await a.Place(OrderType.BuyLimit, 3m, price: 1.07000m)).Order!;
        await a.WhenSettledAsync();
        await Eventually.UntilAsync(() => b.PendingMonitor.Watched == 1, "B's rescan has found the order placed through A");
        Assert.True(b.PendingMonitor.Snapshot().ScanAdded >= 1);

        // The market falls a pip at a time on both instances until free margin is short, and goes on falling.
        for (var i = 1; i <= 40; i++)
        {
            var (passesA, passesB) = (a.PendingMonitor.Snapshot().Passes, b.PendingMonitor.Snapshot().Passes);
            a.Price("EURUSD", 1.08400m - (i * 0.0001m), 1.08412m - (i * 0.0001m));
            b.Price("EURUSD", 1.08400m - (i * 0.0001m), 1.08412m - (i * 0.0001m));
            await Eventually.UntilAsync(
                () => a.PendingMonitor.Snapshot().Passes > passesA + 1 && b.PendingMonitor.Snapshot().Passes > passesB + 1, "both monitors have checked at this price");
        }

        await Eventually.UntilAsync(async () => (await a.OrderAsync(resting.Id)).Status == OrderStatus.Cancelled, "the resting order is cancelled");
        Assert.Equal(1L, ExecGatewayHost.GetEngine(gateway).GetStatus().Requests.GetValueOrDefault("cancel"));
        Assert.Equal(1L, a.PendingMonitor.Snapshot().CancelsSent + b.PendingMonitor.Snapshot().CancelsSent);
        await gateway.StopAsync();
    }


    private static async Task<List<Tickwatch.Trading.Orders.OrderOutcome>> PlaceAsync(ProviderDesk desk, int count)
    {
        var outcomes = new List<Tickwatch.Trading.Orders.OrderOutcome>();
        for (var i = 0; i < count; i++)
        {
            var outcome = await desk.Place(OrderType.Buy);
            Assert.True(outcome.Accepted, outcome.Detail);
            outcomes.Add(outcome);
        }

        return outcomes;
    }
}
