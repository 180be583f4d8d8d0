using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>
/// The requests a provider-routed order has in flight, as they go on the wire: its new order while it is queued or
/// resting (the gateway answers a re-send with the reports it already made, a later fill included), and its
/// outstanding close, cancel or modify. Each keeps its <c>cl_ord_id</c>, so sending them again after a reconnect or a
/// restart is safe.
/// </summary>
public static class ProviderRequests
{
    /// <summary>The <c>cl_ord_id</c> of an order's new-order request.</summary>
    public static string NewOrderId(string orderId) => OutstandingRequest.ClientOrderIdOf(orderId, OutstandingRequest.New, 1);

    /// <summary>True while the order's new order may still be answered (queued, resting, a cancel of it sent, or partly filled with the rest working).</summary>
    public static bool AwaitsNewOrder(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Status is OrderStatus.Queued or OrderStatus.PendingQueued or OrderStatus.Pending or OrderStatus.PendingCancel || IsPartlyFilled(order);
    }

    /// <summary>True when something of the order waits on an answer (not just resting at the provider).</summary>
    public static bool AwaitsAnswer(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Status is OrderStatus.Queued or OrderStatus.PendingQueued || order.ProviderRequest is not null || IsPartlyFilled(order);
    }

    /// <summary>True for a position whose order's rest still works at the provider (<see cref="Order.WorkingVolume"/>).</summary>
    public static bool IsPartlyFilled(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.WorkingVolume is > 0m && OrderTypeRules.IsOpenPosition(order.Status);
    }

    /// <summary>The quantity the order's new order asked for: the filled part and the part still working.</summary>
    public static decimal OrderedVolume(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return IsPartlyFilled(order) ? order.Volume + order.WorkingVolume!.Value : order.Volume;
    }

    /// <summary>Every request of <paramref name="order"/> in flight; none for a local or final order.</summary>
    public static IReadOnlyList<ProviderMessage> Of(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Route != ExecutionRoute.Provider || OrderTypeRules.IsFinal(order.Status))
        {
            return [];
        }

        var requests = new List<ProviderMessage>(2);
        if (AwaitsNewOrder(order))
        {
            requests.Add(NewOrder(order));
        }

        if (order.ProviderRequest is { } outstanding)
        {
            requests.Add(Outstanding(order, outstanding));
        }

        return requests;
    }

    /// <summary>The new-order request of <paramref name="order"/>.</summary>
    public static NewOrderRequest NewOrder(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new NewOrderRequest
        {
            ClientOrderId = NewOrderId(order.Id),
            OrderId = order.Id,
            Account = order.Account,
            Symbol = order.Symbol,
            Type = order.Type,
            Volume = OrderedVolume(order),
            Price = OrderTypeRules.IsPending(order.Type) ? order.PendingPrice : null,
        };
    }

    /// <summary>The close, cancel or modify <paramref name="outstanding"/> of <paramref name="order"/>.</summary>
    public static ProviderMessage Outstanding(Order order, OutstandingRequest outstanding)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(outstanding);
        var clientOrderId = outstanding.ClientOrderId(order.Id);
        return outstanding.Action switch
        {
            OutstandingRequest.Close => new CloseRequest
            {
                ClientOrderId = clientOrderId,
                OrderId = order.Id,
                Account = order.Account,
                Symbol = order.Symbol,
                Side = OrderTypeRules.Opposite(order.Side),
                Volume = outstanding.Volume ?? order.Volume,
            },
            OutstandingRequest.Cancel => new CancelRequest { ClientOrderId = clientOrderId, OrderId = order.Id, Account = order.Account, Symbol = order.Symbol },
            _ => new ModifyRequest { ClientOrderId = clientOrderId, OrderId = order.Id, Account = order.Account, Symbol = order.Symbol, Price = outstanding.Price },
        };
    }
}
