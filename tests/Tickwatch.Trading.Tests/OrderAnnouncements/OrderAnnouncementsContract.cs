using System.Collections.Concurrent;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.Trading.Tests.OrderAnnouncements;

/// <summary>
/// What every <see cref="IOrderAnnouncements"/> does, the embedded one and Redis Cluster alike: the suite each
/// implementation's test class inherits. Each test listens for accounts of its own, so other announcements on a shared
/// channel do no harm.
/// </summary>
public abstract class OrderAnnouncementsContract
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, 250, TimeSpan.Zero);

    protected abstract IOrderAnnouncements Announcements { get; }

    /// <summary>A closed BUY with every optional field, so a round trip shows them all.</summary>
    public static OrderAnnouncement Closed(AccountId account, string orderId) => new()
    {
        Account = account,
        OrderId = orderId,
        Symbol = "EURUSD",
        Type = OrderType.Buy,
        Status = OrderStatus.StopLoss,
        Volume = 0.10m,
        Price = 1.08525m,
        ClosePrice = 1.07000m,
        StopLoss = 1.07000m,
        TakeProfit = 1.10000m,
        Time = At,
        Reason = "stop_out",
    };

    [Fact]
    public async Task An_announcement_reaches_a_subscriber_exactly_as_published()
    {
        var account = TradingStoreContract.NewAccountId();
        var heard = new ConcurrentQueue<OrderAnnouncement>();
        await using (await Announcements.SubscribeAsync(a => Mine(a, account, heard), default))
        {
            await Announcements.PublishAsync(Closed(account, "o-1"), default);
            await Eventually.UntilAsync(() => !heard.IsEmpty, "the announcement is heard");
        }

        var only = Assert.Single(heard);
        Assert.Equivalent(Closed(account, "o-1"), only, strict: true);
        Assert.Equal("0.10", only.Volume.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Announcements_are_heard_once_each_in_the_order_they_were_published_by_every_subscriber()
    {
        var account = TradingStoreContract.NewAccountId();
        var first = new ConcurrentQueue<OrderAnnouncement>();
        var second = new ConcurrentQueue<OrderAnnouncement>();
        const int Count = 200;
        await using (await Announcements.SubscribeAsync(a => Mine(a, account, first), default))
        await using (await Announcements.SubscribeAsync(a => Mine(a, account, second), default))
        {
            for (var i = 0; i < Count; i++)
            {
                await Announcements.PublishAsync(Closed(account, "o-" + i) with { Status = i % 2 == 0 ? OrderStatus.Open : OrderStatus.Closed, Reason = null }, default);
            }

            await Eventually.UntilAsync(() => first.Count >= Count && second.Count >= Count, "every announcement is heard by both");
        }

        string[] published = [.. Enumerable.Range(0, Count).Select(i => "o-" + i)];
        Assert.Equal(published, first.Select(a => a.OrderId));
        Assert.Equal(published, second.Select(a => a.OrderId));
        Assert.All(first, a => Assert.Null(a.Reason));
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_more()
    {
        var account = TradingStoreContract.NewAccountId();
        var gone = new ConcurrentQueue<OrderAnnouncement>();
        var staying = new ConcurrentQueue<OrderAnnouncement>();
        await using var kept = await Announcements.SubscribeAsync(a => Mine(a, account, staying), default);
        var subscription = await Announcements.SubscribeAsync(a => Mine(a, account, gone), default);
        await Announcements.PublishAsync(Closed(account, "before"), default);
        await Eventually.UntilAsync(() => gone.Count == 1 && staying.Count == 1, "both hear the first");

        await subscription.DisposeAsync();
        await Announcements.PublishAsync(Closed(account, "after"), default);
        await Eventually.UntilAsync(() => staying.Count == 2, "the one still subscribed hears the second");

        // Published after the dispose: by the time the subscription left hears it, one still in place would have too.
        Assert.Equal(["before"], gone.Select(a => a.OrderId));
    }

    private static void Mine(OrderAnnouncement announcement, AccountId account, ConcurrentQueue<OrderAnnouncement> heard)
    {
        if (announcement.Account == account)
        {
            heard.Enqueue(announcement);
        }
    }
}
