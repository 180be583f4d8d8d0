using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>
/// One committed change of an order, as the market service announces it on <c>order_updates</c> for the gateways'
/// client streams: what the order is now, in a few fields, not its whole record.
/// </summary>
public sealed record OrderAnnouncement
{
    public required AccountId Account { get; init; }

    public required string OrderId { get; init; }

    public required string Symbol { get; init; }

    public required OrderType Type { get; init; }

    public required OrderStatus Status { get; init; }

    /// <summary>Lots still open (after a partial close, less than at the fill).</summary>
    public required decimal Volume { get; init; }

    /// <summary>The fill price (half spread included), or a pending order's trigger price; null when it has neither.</summary>
    public decimal? Price { get; init; }

    /// <summary>The price of the last close, whole or in part.</summary>
    public decimal? ClosePrice { get; init; }

    public decimal? StopLoss { get; init; }

    public decimal? TakeProfit { get; init; }

    /// <summary>When the change was committed.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Why the order ended when it was not the client's own close or cancel (a refusal reason, <c>stop_out</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The account's order event sequence number of this change: one per changed order, +1 each, given by the store in the
    /// commit itself (<see cref="IOrderEventStream"/>); null when announced by a store that keeps none.
    /// </summary>
    public long? Seq { get; init; }

    /// <summary>The announcement of <paramref name="order"/> as committed at <paramref name="committedAt"/>.</summary>
    public static OrderAnnouncement Of(Order order, DateTimeOffset committedAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderAnnouncement
        {
            Account = order.Account,
            OrderId = order.Id,
            Symbol = order.Symbol,
            Type = order.Type,
            Status = order.Status,
            Volume = order.Volume,
            Price = order.OpenPrice ?? order.PendingPrice,
            ClosePrice = order.ClosePrice,
            StopLoss = order.StopLoss,
            TakeProfit = order.TakeProfit,
            Time = committedAt,
            Reason = order.CloseReason,
        };
    }
}
