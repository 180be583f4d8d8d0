using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Triggers;

/// <summary>
/// Triggers fire from the quotes, on the price they execute at (half spread of the order's group included), each once:
/// under bursts from concurrent feeds, after a stale price, across a restart; a cancelled order's never.
/// </summary>
public sealed class TriggerServiceUnitTests
{
    [Fact]
    public async Task A_buy_limit_fires_on_the_first_quote_whose_opening_price_crosses_it_with_that_quote()
    {
        await using var desk = await TriggerDesk.StartAsync();
        desk.Quote(1.08500m, 1.08520m);
        var pending = (await desk.Place(OrderType.BuyLimit, price: 1.08400m)).Order!;

        // The ask is below the limit, but the opening price (ask + half spread 0.00005) is not: nothing fires.
        desk.Quote(1.08376m, 1.08396m);
        await desk.IdleAsync();
        Assert.Equal(OrderStatus.Pending, (await desk.OrderAsync(pending.Id)).Status);
        Assert.Equal(1, desk.Statistics.ArmedPending);

        var crossing = desk.Quote(1.08375m, 1.08395m).Quote!;
        await desk.IdleAsync();

        var filled = await desk.OrderAsync(pending.Id);
        Assert.Equal(OrderStatus.Open, filled.Status);
        Assert.Equal(1.08400m, filled.OpenPrice);
        Assert.Equal(crossing.BookSequence, filled.OpenQuote!.BookSequence);
        var statistics = desk.Statistics;
        Assert.Equal(1, statistics.FiredPending);
        Assert.Equal(0, statistics.ArmedPending);
        var firing = Assert.Single(statistics.LastFirings);
        Assert.Equal((pending.Id, TriggerKind.Pending, 1.08400m, 1.08400m, crossing.BookSequence), (firing.OrderId, firing.Kind, firing.TriggerPrice, firing.ExecutedPrice, firing.CrossingSequence));
        Assert.Equal(crossing.BookSequence, firing.Lineage!.BookSequence);
        Assert.Equal(1, statistics.Latency.Count);
    }

    [Fact]
    public async Task Each_group_s_trigger_compares_the_price_with_its_own_half_spread()
    {
        await using var desk = await TriggerDesk.StartAsync();
        desk.Quote(1.08500m, 1.08520m);
        var standard = (await desk.Place(OrderType.BuyLimit, price: 1.08400m)).Order!;
        var raw = (await desk.Place(OrderType.BuyLimit, price: 1.08400m, account: TriggerDesk.Bob)).Order!;

        // Ask 1.08398: Raw (no spread) opens at 1.08398, crossed; Standard at 1.08403, not.
        desk.Quote(1.08378m, 1.08398m);
        await desk.IdleAsync();

        Assert.Equal(OrderStatus.Open, (await desk.OrderAsync(raw.Id, TriggerDesk.Bob)).Status);
        Assert.Equal(OrderStatus.Pending, (await desk.OrderAsync(standard.Id)).Status);
        Assert.Equal(1, desk.Statistics.ArmedPending);
    }

    [Fact]
    public async Task A_buy_limit_fires_exactly_once_under_a_burst_of_1000_crossing_quotes_from_two_concurrent_feeds()
    {
        await using var desk = await TriggerDesk.StartAsync();
        desk.Quote(1.08500m, 1.08520m);
        var pending = (await desk.Place(OrderType.BuyLimit, price: 1.08400m)).Order!;
        using var gate = new Barrier(2);

        var feeds = new[] { "json", "proto" }.Select((feed, f) => Task.Run(() =>
        {
            gate.SignalAndWait();
            var accepted = 0;
            for (var i = 0; i < 500; i++)
            {
                // Every quote crosses (opening price at most 1.08395), each a different price.
                var bid = 1.08370m - (((i * 2) + f) * 0.000001m);
                accepted += desk.Quote(bid, bid + 0.0002m, feed).Outcome == PriceApplyOutcome.Accepted ? 1 : 0;
            }

            return accepted;
        })).ToArray();
        var accepted = (await Task.WhenAll(feeds)).Sum();
        await desk.IdleAsync();

        Assert.True(accepted > 1, $"The book accepted {accepted} quotes of the burst.");
        Assert.Equal(OrderStatus.Open, (await desk.OrderAsync(pending.Id)).Status);
        var statistics = desk.Statistics;
        Assert.Equal(1, statistics.FiredPending);
        Assert.Equal(0, statistics.AlreadyFired);
        Assert.Equal(1, desk.Desk.Store.Outbox(TradingDesk.Alice).Count(e => e.Event.Kind == "order_filled"));
    }

    [Theory]
    [InlineData(OrderType.Buy, TriggerKind.StopLoss, "1.08300", "1.08306", "1.08326", "1.08305", "1.08325", "1.08300")]
    [InlineData(OrderType.Buy, TriggerKind.TakeProfit, "1.09000", "1.09004", "1.09024", "1.09005", "1.09025", "1.09000")]
    [InlineData(OrderType.Sell, TriggerKind.StopLoss, "1.08700", "1.08674", "1.08694", "1.08675", "1.08695", "1.08700")]
    [InlineData(OrderType.Sell, TriggerKind.TakeProfit, "1.08300", "1.08276", "1.08296", "1.08275", "1.08295", "1.08300")]
    public async Task Stops_of_buy_and_sell_positions_fire_on_the_closing_side_with_the_half_spread(
        OrderType side, TriggerKind kind, string stopText, string nearBid, string nearAsk, string crossingBid, string crossingAsk, string closeText)
    {
        await using var desk = await TriggerDesk.StartAsync();
        desk.Quote(1.08500m, 1.08520m);
        var stop = decimal.Parse(stopText, System.Globalization.CultureInfo.InvariantCulture);
        var open = (await desk.Place(side, stopLoss: kind == TriggerKind.StopLoss ? stop : null, takeProfit: kind == TriggerKind.TakeProfit ? stop : null)).Order!;

        desk.Quote(Dec(nearBid), Dec(nearAsk));
        await desk.IdleAsync();
        Assert.Equal(OrderStatus.Open, (await desk.OrderAsync(open.Id)).Status);

        desk.Quote(Dec(crossingBid), Dec(crossingAsk));
        await desk.IdleAsync();

        var closed = await desk.OrderAsync(open.Id);
        Assert.Equal(kind == TriggerKind.StopLoss ? OrderStatus.StopLoss : OrderStatus.TakeProfit, closed.Status);
        Assert.Equal(Dec(closeText), closed.ClosePrice);
        var statistics = desk.Statistics;
        Assert.Equal(1, kind == TriggerKind.StopLoss ? statistics.FiredStopLoss : statistics.FiredTakeProfit);
        Assert.Equal(0, statistics.ArmedStopLoss + statistics.ArmedTakeProfit);
        Assert.Empty(await desk.Index.LoadAllAsync(default));
    }

    [Fact]
    public async Task A_filled_pending_order_arms_its_stops_and_a_modify_moves_them()
    {
        await using var desk = await TriggerDesk.StartAsync();
        desk.Quote(1.08500m, 1.08520m);
        var pending = (await desk.Place(OrderType.BuyLimit, price: 1.08400m, stopLoss: 1.08000m, takeProfit: 1.09000m)).Order!;
        desk.Quote(1.08375m, 1.08395m);
        await desk.IdleAsync();
        Assert.Equal((0, 1, 1), (desk.Statistics.ArmedPending, desk.Statistics.ArmedStopLoss, desk.Statistics.ArmedTakeProfit));

        await desk.Engine.ModifyAsync(new ModifyOrder(TradingDesk.Alice, pending.Id, desk.Desk.Key(), StopLoss: 1.08200m), default);
        desk.Quote(1.08200m, 1.08220m);
        await desk.IdleAsync();

        var closed = await desk.OrderAsync(pending.Id);
        Assert.Equal(OrderStatus.StopLoss, closed.Status);
        Assert.Equal(1.08195m, closed.ClosePrice);
    }

    [Fact]
    public async Task A_trigger_crossed_on_a_stale_price_waits_says_so_once_and_fires_on_the_first_fresh_crossing_price()
    {
        var desk = new TriggerDesk();
        await using (desk)
        {
            desk.Quote(1.08500m, 1.08520m);
            var pending = (await desk.Place(OrderType.BuyLimit, price: 1.08400m)).Order!;

            // The crossing quotes arrive, then the feed freezes: when the service takes them they are 3 s old.
            desk.Quote(1.08370m, 1.08390m);
            desk.Desk.Time.Advance(TimeSpan.FromSeconds(3));
            await desk.StartAsync();
            await desk.IdleAsync();
            desk.Monitor.Recheck("EURUSD");
            await desk.IdleAsync();

            Assert.Equal(OrderStatus.Pending, (await desk.OrderAsync(pending.Id)).Status);
            var waiting = desk.Statistics;
            Assert.Equal((1, 1, 0L), (waiting.ArmedPending, waiting.WaitingOnStale, waiting.FiredPending));
            Assert.True(waiting.StaleRefusals >= 2, $"{waiting.StaleRefusals} stale refusals");
            Assert.Equal(1, desk.Logs.Entries.Count(e => e.EventId.Id == 6101));

            var fresh = desk.Quote(1.08371m, 1.08391m).Quote!;
            await desk.IdleAsync();

            var filled = await desk.OrderAsync(pending.Id);
            Assert.Equal(OrderStatus.Open, filled.Status);
            Assert.Equal(fresh.BookSequence, filled.OpenQuote!.BookSequence);
            Assert.Equal((1L, 0), (desk.Statistics.FiredPending, desk.Statistics.WaitingOnStale));
        }
    }

    [Fact]
    public async Task After_a_restart_armed_triggers_fire_index_entries_of_ended_orders_are_dropped_and_missed_ones_restored()
    {
        var first = await TriggerDesk.StartAsync();
        first.Quote(1.08500m, 1.08520m);
        var limit = (await first.Place(OrderType.BuyLimit, price: 1.08400m)).Order!;
        var position = (await first.Place(OrderType.Sell, takeProfit: 1.08450m)).Order!;
        var cancelledWhileDown = (await first.Place(OrderType.BuyLimit, price: 1.08000m)).Order!;
        await first.IdleAsync();
        await first.DisposeAsync();

        // While the service is down: an order is cancelled and another placed through an engine that tells no triggers.
        var plainEngine = first.Desk.Engine;
        await plainEngine.CancelAsync(new CancelOrder(TradingDesk.Alice, cancelledWhileDown.Id, first.Desk.Key()), default);
        var placedWhileDown = (await plainEngine.PlaceAsync(
            new PlaceOrder { Account = TradingDesk.Alice, Symbol = "EURUSD", Type = OrderType.SellLimit, Volume = 1m, Price = 1.08600m, IdempotencyKey = first.Desk.Key() }, default)).Order!;
        Assert.Equal(3, (await first.Index.LoadAllAsync(default)).Count);

        await using var second = await TriggerDesk.StartAsync(first.Desk, first.Index);
        await second.IdleAsync();
        var loaded = second.Statistics;
        Assert.Equal((2, 1, 1L), (loaded.ArmedPending, loaded.ArmedTakeProfit, loaded.Dropped));
        Assert.Equal(
            new[] { limit.Id, placedWhileDown.Id, position.Id }.Order(),
            (await second.Index.LoadAllAsync(default)).Select(t => t.OrderId).Order());

        // One quote crosses the BUY_LIMIT and the SELL's take-profit (closing at ask + half spread 1.08395).
        second.Quote(1.08370m, 1.08390m);
        await second.IdleAsync();

        Assert.Equal(OrderStatus.Open, (await second.OrderAsync(limit.Id)).Status);
        Assert.Equal(OrderStatus.TakeProfit, (await second.OrderAsync(position.Id)).Status);
        Assert.Equal(OrderStatus.Pending, (await second.OrderAsync(placedWhileDown.Id)).Status);
        Assert.Equal((1L, 1L, 0L), (second.Statistics.FiredPending, second.Statistics.FiredTakeProfit, second.Statistics.AlreadyFired));
    }

    [Fact]
    public async Task A_cancelled_order_s_trigger_never_fires_nor_is_tried()
    {
        await using var desk = await TriggerDesk.StartAsync();
        desk.Quote(1.08500m, 1.08520m);
        var pending = (await desk.Place(OrderType.BuyLimit, price: 1.08400m)).Order!;
        await desk.Engine.CancelAsync(new CancelOrder(TradingDesk.Alice, pending.Id, desk.Desk.Key()), default);

        for (var i = 0; i < 20; i++)
        {
            desk.Quote(1.08370m - (i * 0.00001m), 1.08390m - (i * 0.00001m));
        }

        await desk.IdleAsync();

        Assert.Equal(OrderStatus.Cancelled, (await desk.OrderAsync(pending.Id)).Status);
        var statistics = desk.Statistics;
        Assert.Equal((0, 0L, 0L, 0L, 0L), (statistics.ArmedPending, statistics.FiredPending, statistics.Requotes, statistics.Dropped, statistics.OtherRefusals));
        Assert.Empty(await desk.Index.LoadAllAsync(default));
    }

    private static decimal Dec(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
