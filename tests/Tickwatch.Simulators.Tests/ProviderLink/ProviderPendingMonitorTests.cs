using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Store;

namespace Tickwatch.Simulators.Tests.ProviderLink;

/// <summary>The pending monitor with the engine and the real connection manager against the real execution gateway, over loopback TCP.</summary>
public sealed class ProviderPendingMonitorTests
{
    private static readonly AccountId Trader = new(UserType.Live, 71);

    [Fact]
    public async Task A_stream_of_prices_that_makes_margin_short_sends_exactly_one_cancel_and_the_resting_order_ends_cancelled()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        var store = new InMemoryTradingStore(TimeProvider.System);
        await store.PutAccountAsync(new TradingAccount { Id = Trader, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard", Route = ExecutionRoute.Provider }, default);
        await using var desk = ProviderDesk.Start(gateway.Link, o => o.PendingCheckInterval = TimeSpan.FromMilliseconds(20), store: store, trader: Trader);
        desk.Price("EURUSD", 1.08400m, 1.08412m);
        await desk.WhenConnectedAsync();

        // 5 lots open at the gateway's ask and 3 resting well below the market: about 8,600 of margin on 10,000.
        var open = (await desk.Place(OrderType.Buy, 5m)).Order!;
        var resting = (await desk.Place(OrderType.BuyLimit, 3m, price: 1.07000m)).Order!;
        await desk.WhenSettledAsync();
        Assert.Equal(OrderStatus.Open, (await desk.OrderAsync(open.Id)).Status);
        Assert.Equal(OrderStatus.Pending, (await desk.OrderAsync(resting.Id)).Status);
        var free = (await desk.Engine.ValueAsync(Trader, default))!.Value.Valuation.FreeMargin;
        Assert.True(free > 0m, $"free margin {free}");
        desk.StartPendingMonitor();

        // The market falls a pip at a time, one monitor pass per price, and goes on falling after margin is short.
        for (var i = 1; i <= 40; i++)
        {
            var passes = desk.PendingMonitor.Snapshot().Passes;
            desk.Price("EURUSD", 1.08400m - (i * 0.0001m), 1.08412m - (i * 0.0001m));
            await Eventually.UntilAsync(() => desk.PendingMonitor.Snapshot().Passes > passes + 1, "the monitor has checked at this price");
        }

        await Eventually.UntilAsync(async () => (await desk.OrderAsync(resting.Id)).Status == OrderStatus.Cancelled, "the resting order is cancelled");
        var passesAfter = desk.PendingMonitor.Snapshot().Passes;
        await Eventually.UntilAsync(() => desk.PendingMonitor.Snapshot().Passes > passesAfter + 2, "the monitor has passed again after the cancel");

        Assert.Equal(1L, gateway.Engine.GetStatus().Requests.GetValueOrDefault("cancel"));
        Assert.Equal(1L, gateway.Engine.GetStatus().Reports.GetValueOrDefault("CANCELLED"));
        var snapshot = desk.PendingMonitor.Snapshot();
        Assert.Equal((1L, 0L, 0L), (snapshot.CancelsSent, snapshot.CancelsRefused, snapshot.Held));
        var decision = Assert.Single(snapshot.Recent);
        Assert.Equal(("cancel_sent", resting.Id), (decision.Action, decision.OrderId));
        Assert.True(decision.FreeMargin < 0m, $"free margin {decision.FreeMargin}");
        Assert.Equal(OrderStatus.Open, (await desk.OrderAsync(open.Id)).Status);
    }

    [Fact]
    public async Task A_cancel_committed_as_the_link_drops_reaches_the_gateway_once_with_the_reconnect_and_the_order_ends_cancelled()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);

        // The link's backoff runs on fake time: after the drop it stays down until the test advances it.
        var linkTime = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var desk = ProviderDesk.Start(gateway.Link, o => (o.ReconnectMinDelay, o.ReconnectMaxDelay) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), linkTime: linkTime);
        desk.Price("EURUSD", 1.08400m, 1.08412m);
        await desk.WhenConnectedAsync();
        var resting = (await desk.Place(OrderType.BuyLimit, 3m, price: 1.07000m)).Order!;
        await desk.WhenSettledAsync();
        Assert.Equal(OrderStatus.Pending, (await desk.OrderAsync(resting.Id)).Status);

        await gateway.PostAsync("/control/drop");
        await Eventually.UntilAsync(() => !desk.Link.IsConnected, "the link has lost the gateway");

        // As when the monitor found the link up a moment before: the cancel is committed under its one key but cannot go.
        var outcome = await desk.Engine.CancelAtProviderAsync(desk.Trader, resting.Id, default);
        Assert.True(outcome.Accepted && outcome.Unsent, outcome.Detail);
        Assert.Equal(OrderStatus.PendingCancel, (await desk.OrderAsync(resting.Id)).Status);
        Assert.True((await desk.Engine.CancelAtProviderAsync(desk.Trader, resting.Id, default)).Repeated);

        // The clock moves a second at each look: the link's backoff timer may be set only after the drop was seen.
        await Eventually.UntilAsync(
            async () =>
            {
                linkTime.Advance(TimeSpan.FromSeconds(1));
                return (await desk.OrderAsync(resting.Id)).Status == OrderStatus.Cancelled;
            },
            "the re-send at reconnect has cancelled the order");

        Assert.Equal(1L, gateway.Engine.GetStatus().Requests.GetValueOrDefault("cancel"));
        Assert.Equal(1L, gateway.Engine.GetStatus().Reports.GetValueOrDefault("CANCELLED"));
        Assert.True(desk.Link.Snapshot().Connections >= 2);
    }
}
