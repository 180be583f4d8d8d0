using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Core.Trading;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Testing;
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
        var options = new ExecGatewayOptions { Port = 0, ControlPort = 0, Seed = 7 };
        options.PriceFeed.Url = null;
        await using var gateway = ExecGatewayHost.Build(options, null, NullLoggerFactory.Instance);
        await gateway.StartAsync();
        ExecGatewayHost.GetPriceBook(gateway).Set("EURUSD", 1.08400m, 1.08412m);
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
