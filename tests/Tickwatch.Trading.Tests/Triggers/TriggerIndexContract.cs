using Tickwatch.Core.Trading;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Triggers;

/// <summary>
/// What every <see cref="ITriggerIndex"/> does, the embedded one and Redis Cluster alike. Each test uses orders of its
/// own and reads back only those, so a shared index between tests does no harm.
/// </summary>
public abstract class TriggerIndexContract
{
    private static long _nextAccount = (Environment.TickCount64 % 1_000_000 * 1_000) + 500;

    protected abstract ITriggerIndex Index { get; }

    public static Trigger TriggerOf(TriggerKind kind, OrderType type, decimal price, string? orderId = null, string symbol = "EURUSD") => new()
    {
        Symbol = symbol,
        Group = "Standard",
        Kind = kind,
        OrderType = type,
        Price = price,
        Account = new AccountId(UserType.Live, Interlocked.Increment(ref _nextAccount)),
        OrderId = orderId ?? Guid.NewGuid().ToString("N"),
    };

    [Fact]
    public async Task Armed_triggers_of_every_kind_and_side_load_back_exactly()
    {
        Trigger[] armed =
        [
            TriggerOf(TriggerKind.Pending, OrderType.BuyLimit, 1.08400m),
            TriggerOf(TriggerKind.Pending, OrderType.SellStop, 1.0840000000000000000001m),
            TriggerOf(TriggerKind.StopLoss, OrderType.Buy, 1.07000m),
            TriggerOf(TriggerKind.TakeProfit, OrderType.SellLimit, 0.00000001m, symbol: "BTCUSD"),
            TriggerOf(TriggerKind.StopLoss, OrderType.Sell, 152.125m, symbol: "USDJPY"),
        ];
        foreach (var trigger in armed)
        {
            await Index.ArmAsync(trigger, default);
        }

        var loaded = await Mine(armed);

        Assert.Equal(armed.OrderBy(t => t.OrderId), loaded.OrderBy(t => t.OrderId));
        Assert.Equal("1.0840000000000000000001", loaded.Single(t => t.OrderId == armed[1].OrderId).Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Arming_again_moves_the_trigger_and_a_stop_loss_and_take_profit_of_one_order_are_apart()
    {
        var stopLoss = TriggerOf(TriggerKind.StopLoss, OrderType.Buy, 1.07000m);
        var takeProfit = stopLoss with { Kind = TriggerKind.TakeProfit, Price = 1.09000m };
        await Index.ArmAsync(stopLoss, default);
        await Index.ArmAsync(takeProfit, default);
        await Index.ArmAsync(stopLoss with { Price = 1.07500m }, default);
        await Index.ArmAsync(stopLoss with { Price = 1.07500m }, default);

        var loaded = await Mine([stopLoss]);

        Assert.Equal([1.07500m, 1.09000m], loaded.Select(t => t.Price).Order());
    }

    [Fact]
    public async Task Disarming_removes_one_trigger_and_disarming_what_is_not_armed_does_nothing()
    {
        var stopLoss = TriggerOf(TriggerKind.StopLoss, OrderType.Sell, 1.09000m);
        var takeProfit = stopLoss with { Kind = TriggerKind.TakeProfit, Price = 1.07000m };
        await Index.ArmAsync(stopLoss, default);
        await Index.ArmAsync(takeProfit, default);

        await Index.DisarmAsync(stopLoss.Id, default);
        await Index.DisarmAsync(stopLoss.Id, default);
        await Index.DisarmAsync(TriggerOf(TriggerKind.Pending, OrderType.BuyStop, 1m).Id, default);

        Assert.Equal([takeProfit], await Mine([stopLoss]));
    }

    private async Task<List<Trigger>> Mine(IEnumerable<Trigger> of)
    {
        var orders = of.Select(t => t.OrderId).ToHashSet(StringComparer.Ordinal);
        return [.. (await Index.LoadAllAsync(default)).Where(t => orders.Contains(t.OrderId))];
    }
}
