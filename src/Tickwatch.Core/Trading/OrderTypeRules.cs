namespace Tickwatch.Core.Trading;

/// <summary>What an order type implies: its side, and whether it rests until the market crosses its price.</summary>
public static class OrderTypeRules
{
    public static TradeSide SideOf(OrderType type) =>
        type is OrderType.Buy or OrderType.BuyLimit or OrderType.BuyStop ? TradeSide.Buy : TradeSide.Sell;

    public static bool IsPending(OrderType type) => type is not (OrderType.Buy or OrderType.Sell);

    public static TradeSide Opposite(TradeSide side) => side == TradeSide.Buy ? TradeSide.Sell : TradeSide.Buy;

    /// <summary>True for a status whose position is open and valued.</summary>
    public static bool IsOpenPosition(OrderStatus status) => status is OrderStatus.Open or OrderStatus.Modify;

    /// <summary>True for a status that rests waiting for a price (locally or at the provider).</summary>
    public static bool IsResting(OrderStatus status) => status is OrderStatus.Pending or OrderStatus.PendingQueued or OrderStatus.PendingCancel;

    /// <summary>True for a status nothing changes any more.</summary>
    public static bool IsFinal(OrderStatus status) =>
        status is OrderStatus.Cancelled or OrderStatus.Rejected or OrderStatus.Closed or OrderStatus.StopLoss or OrderStatus.TakeProfit;
}
