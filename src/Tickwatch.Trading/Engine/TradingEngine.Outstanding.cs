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
}
