using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Engine;

/// <summary>What a placement attempt decided before its commit: the order to write on the account's state, or the refusal.</summary>
/// <param name="State">The account's state the order was decided on (its revision guards the commit).</param>
/// <param name="Order">The order to commit.</param>
/// <param name="Refusal">The refusal, when the request is refused.</param>
/// <param name="Pip">The symbol's pip in the account's group, the unit a fill's distance from the client's view is judged in.</param>
internal sealed record PlacementDecision(AccountState? State, Order? Order, OrderOutcome? Refusal, decimal Pip)
{
    public static PlacementDecision No(OrderOutcome refusal) => new(null, null, refusal, 0m);
}
