using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Trading.Engine;

/// <summary>Requests committed under a key that cannot be used twice (the pending monitor's cancel): sent now, or kept outstanding for the re-send.</summary>
public sealed partial class TradingEngine
{
    /// <summary>
    /// Sends a committed request; if the link cannot take it, it stays on the order (withdrawing it would spend the key
    /// on nothing), and the connection manager's re-send of everything in flight, at each connect and at start, sends it.
    /// </summary>
    private OrderOutcome SendOrKeep(Order changed, OutstandingRequest request)
    {
        Statistics.Committed(changed, placed: false);
        var sent = provider is not null && provider.TrySend(ProviderRequests.Outstanding(changed, request));
        return OrderOutcome.Done(changed) with { Unsent = !sent };
    }

    /// <summary>
    /// Sends again, under its own <c>cl_ord_id</c>, the close, cancel or modify <paramref name="order"/> has outstanding:
    /// one committed by an instance that died before relaying it is otherwise sent only at the holder's next connect. The
    /// gateway answers a repeat with the reports it already made, and each <c>report_id</c> is applied once.
    /// </summary>
    /// <returns>False when the order has none, or the link did not take it.</returns>
    public bool ResendOutstanding(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.ProviderRequest is { } request && provider is not null && provider.TrySend(ProviderRequests.Outstanding(order, request));
    }
}
