using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Triggers;

/// <summary>An armed trigger: the order it acts on, the exact price that fires it, and the group whose half spread prices it.</summary>
public sealed record Trigger
{
    public required string Symbol { get; init; }

    /// <summary>The order's group: its terms give the half spread the trigger's execution price carries.</summary>
    public required string Group { get; init; }

    public required TriggerKind Kind { get; init; }

    /// <summary>The order's type: for a pending trigger which of the four it is; for a stop, the position's side.</summary>
    public required OrderType OrderType { get; init; }

    /// <summary>The exact trigger price (the pending price, stop-loss or take-profit), compared as a decimal.</summary>
    public required decimal Price { get; init; }

    public required AccountId Account { get; init; }

    public required string OrderId { get; init; }

    public TradeSide Side => OrderTypeRules.SideOf(OrderType);

    public TriggerId Id => new(Symbol, Kind, Account, OrderId);

    /// <summary>
    /// The triggers an order arms as committed: a PENDING order its pending price; an open position its stop-loss and
    /// take-profit; anything else (final, or resting at the provider) none.
    /// </summary>
    public static IEnumerable<Trigger> Of(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        // An order resting at the provider is filled there; only a local one fires here.
        if (order.Status == OrderStatus.Pending && order.Route == ExecutionRoute.Local && OrderTypeRules.IsPending(order.Type) && order.PendingPrice is { } pending)
        {
            yield return For(order, TriggerKind.Pending, pending);
        }
        else if (OrderTypeRules.IsOpenPosition(order.Status))
        {
            if (order.StopLoss is { } stopLoss)
            {
                yield return For(order, TriggerKind.StopLoss, stopLoss);
            }

            if (order.TakeProfit is { } takeProfit)
            {
                yield return For(order, TriggerKind.TakeProfit, takeProfit);
            }
        }
    }

    /// <summary>The price this trigger compares with its own: the opening price for a pending order, the closing price for a stop.</summary>
    public decimal ExecutionPrice(decimal bid, decimal ask, decimal halfSpread) => Kind == TriggerKind.Pending
        ? ExecutionPricing.Open(Side, bid, ask, halfSpread)
        : ExecutionPricing.Close(Side, bid, ask, halfSpread);

    /// <summary>True when <paramref name="executionPrice"/> fires it (<see cref="TriggerRule"/>, the engine's own rule).</summary>
    public bool FiresAt(decimal executionPrice) => Kind switch
    {
        TriggerKind.Pending => TriggerRule.PendingFires(OrderType, Price, executionPrice),
        TriggerKind.StopLoss => TriggerRule.StopLossFires(Side, Price, executionPrice),
        _ => TriggerRule.TakeProfitFires(Side, Price, executionPrice),
    };

    private static Trigger For(Order order, TriggerKind kind, decimal price) => new()
    {
        Symbol = order.Symbol,
        Group = order.Group,
        Kind = kind,
        OrderType = order.Type,
        Price = price,
        Account = order.Account,
        OrderId = order.Id,
    };
}
