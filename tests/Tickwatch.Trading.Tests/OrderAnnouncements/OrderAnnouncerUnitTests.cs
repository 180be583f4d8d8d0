using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.OrderAnnouncements;

/// <summary>The engine's order changes announced on <c>order_updates</c> as committed, at the engine's clock.</summary>
public sealed class OrderAnnouncerUnitTests
{
    [Fact]
    public async Task A_fill_and_a_close_are_announced_as_committed_with_their_prices_and_time()
    {
        var announcements = new InMemoryOrderAnnouncements();
        var heard = new List<OrderAnnouncement>();
        await using var subscription = await announcements.SubscribeAsync(heard.Add, default);
        var desk = new TradingDesk(observers: time => [new OrderAnnouncer(announcements, time)]);
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        var placed = await desk.Place(OrderType.Buy, 0.10m, stopLoss: 1.07000m);
        desk.Time.Advance(TimeSpan.FromSeconds(1));
        desk.Price("EURUSD", 1.08600m, 1.08620m);
        var closed = await desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Alice, placed.Order!.Id, desk.Key()), default);

        Assert.True(closed.Accepted, closed.Detail);
        Assert.Collection(
            heard,
            open =>
            {
                Assert.Equal((TradingDesk.Alice, placed.Order.Id, "EURUSD", OrderType.Buy, OrderStatus.Open), (open.Account, open.OrderId, open.Symbol, open.Type, open.Status));
                Assert.Equal((0.10m, 1.08525m, (decimal?)null, 1.07000m), (open.Volume, open.Price, open.ClosePrice, open.StopLoss));
                Assert.Equal(desk.Time.GetUtcNow() - TimeSpan.FromSeconds(1), open.Time);
            },
            close =>
            {
                Assert.Equal((OrderStatus.Closed, 1.08525m, 1.08595m), (close.Status, close.Price, close.ClosePrice));
                Assert.Equal(desk.Time.GetUtcNow(), close.Time);
            });
    }

    [Fact]
    public async Task Each_announcement_carries_the_order_seq_the_store_committed_and_is_the_event_it_keeps()
    {
        var announcements = new InMemoryOrderAnnouncements();
        var heard = new List<OrderAnnouncement>();
        await using var subscription = await announcements.SubscribeAsync(heard.Add, default);
        var desk = new TradingDesk(observers: time => [new OrderAnnouncer(announcements, time)]);
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        var first = await desk.Place(OrderType.Buy, 0.10m);
        var second = await desk.Place(OrderType.Sell, 0.20m);
        desk.Time.Advance(TimeSpan.FromSeconds(1));
        var closed = await desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Alice, first.Order!.Id, desk.Key()), default);
        var stored = await desk.Store.ReadSinceAsync(TradingDesk.Alice, 0, 100, default);

        Assert.True(closed.Accepted, closed.Detail);
        Assert.Equal([(1L, first.Order.Id), (2L, second.Order!.Id), (3L, first.Order.Id)], heard.Select(a => (a.Seq!.Value, a.OrderId)));
        Assert.Equal(heard, stored.Events);
    }

    [Fact]
    public async Task A_failed_announcement_is_counted_and_the_order_stands()
    {
        var announcer = new OrderAnnouncer(new FailingAnnouncements(), TimeProvider.System);
        var desk = new TradingDesk(observers: _ => [announcer]);
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        var placed = await desk.Place(OrderType.Buy, 0.10m);

        Assert.True(placed.Accepted, placed.Detail);
        Assert.Equal((0, 1), (announcer.Announced, announcer.Failed));
        Assert.Single((await desk.Store.ReadAccountAsync(TradingDesk.Alice, default))!.ActiveOrders);
    }

    private sealed class FailingAnnouncements : IOrderAnnouncements
    {
        public long Failures => 0;

        public long MalformedMessages => 0;

        public Task PublishAsync(OrderAnnouncement announcement, CancellationToken cancellationToken) =>
            Task.FromException(new TradingStoreException("the channel is down"));

        public Task<IAsyncDisposable> SubscribeAsync(Action<OrderAnnouncement> onAnnounced, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
