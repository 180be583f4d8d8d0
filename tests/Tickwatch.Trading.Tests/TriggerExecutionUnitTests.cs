using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Tests;

/// <summary>What the engine does when a trigger fires: fill or close once, only while the price still crosses, and tell its observers.</summary>
public sealed class TriggerExecutionUnitTests
{
    private readonly TradingDesk _desk = new();

    [Fact]
    public async Task A_crossed_pending_order_fills_once_at_the_market_opening_price_with_the_quote_it_used()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var pending = (await _desk.Place(OrderType.BuyLimit, 1m, price: 1.08400m)).Order!;
        var crossing = _desk.Price("EURUSD", 1.08370m, 1.08390m);

        var filled = await _desk.Engine.FillPendingAsync(TradingDesk.Alice, pending.Id, default);
        var again = await _desk.Engine.FillPendingAsync(TradingDesk.Alice, pending.Id, default);

        Assert.Equal(OrderStatus.Open, filled.Order!.Status);
        Assert.Equal(1.08395m, filled.Order.OpenPrice);
        Assert.Equal(crossing.BookSequence, filled.Order.OpenQuote!.BookSequence);
        Assert.Equal(7m, filled.Order.Commission);
        Assert.True(again.Repeated);
        Assert.Equal(filled.Order.Id, again.Order!.Id);
        Assert.Equal(["order_placed", "order_filled"], _desk.Store.Outbox(TradingDesk.Alice).Where(e => e.Event.OrderId is not null).Select(e => e.Event.Kind));
    }

    [Fact]
    public async Task A_pending_order_whose_price_moved_back_or_is_stale_is_not_filled_and_stays_pending()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var pending = (await _desk.Place(OrderType.BuyLimit, 1m, price: 1.08400m)).Order!;

        var notCrossed = await _desk.Engine.FillPendingAsync(TradingDesk.Alice, pending.Id, default);
        _desk.Price("EURUSD", 1.08370m, 1.08390m);
        _desk.Time.Advance(TimeSpan.FromSeconds(3));
        var stale = await _desk.Engine.FillPendingAsync(TradingDesk.Alice, pending.Id, default);

        Assert.Equal(RefusalReason.Requote, notCrossed.Refusal);
        Assert.Equal(RefusalReason.StalePrice, stale.Refusal);
        Assert.Equal(OrderStatus.Pending, (await _desk.Store.ReadOrderAsync(TradingDesk.Alice, pending.Id, default))!.Status);
    }

    [Fact]
    public async Task A_crossed_stop_loss_closes_the_position_once_as_stoploss_and_an_uncrossed_take_profit_does_nothing()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var open = (await _desk.Place(OrderType.Buy, 1m, stopLoss: 1.08300m, takeProfit: 1.09000m)).Order!;
        _desk.Price("EURUSD", 1.08290m, 1.08310m);

        var early = await _desk.Engine.FireStopAsync(TradingDesk.Alice, open.Id, OrderStatus.TakeProfit, default);
        var stopped = await _desk.Engine.FireStopAsync(TradingDesk.Alice, open.Id, OrderStatus.StopLoss, default);
        var twice = await _desk.Engine.FireStopAsync(TradingDesk.Alice, open.Id, OrderStatus.StopLoss, default);

        Assert.Equal(RefusalReason.Requote, early.Refusal);
        Assert.Equal(OrderStatus.StopLoss, stopped.Order!.Status);
        Assert.Equal(1.08285m, stopped.Order.ClosePrice);
        Assert.True(twice.Repeated);
        Assert.Equal(10_000m + ((1.08285m - 1.08525m) * 100_000m) - 7m, (await _desk.Account()).WalletBalance);
    }

    [Fact]
    public async Task Observers_are_told_of_every_committed_order_and_of_nothing_refused()
    {
        var seen = new RecordingObserver();
        var engine = new TradingEngine(_desk.Store, _desk.Book, Microsoft.Extensions.Options.Options.Create(new TradingOptions()), _desk.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<TradingEngine>.Instance, [seen]);
        _desk.Price("EURUSD", 1.08500m, 1.08520m);

        var placed = await engine.PlaceAsync(new PlaceOrder { Account = TradingDesk.Alice, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "a" }, default);
        await engine.PlaceAsync(new PlaceOrder { Account = TradingDesk.Alice, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 0.001m, IdempotencyKey = "b" }, default);
        await engine.CloseAsync(new CloseOrder(TradingDesk.Alice, placed.Order!.Id, "c"), default);

        Assert.Equal([OrderStatus.Open, OrderStatus.Closed], seen.Orders.Select(o => o.Status));
    }

    private sealed class RecordingObserver : IOrderObserver
    {
        public List<Order> Orders { get; } = [];

        public void OnOrdersCommitted(AccountId account, IReadOnlyList<Order> orders) => Orders.AddRange(orders);
    }
}
