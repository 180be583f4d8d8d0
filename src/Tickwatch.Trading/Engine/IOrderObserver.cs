using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Engine;

/// <summary>Told of every order the engine committed (the triggers arm and disarm, the portfolio calculator revalues). Must not block.</summary>
public interface IOrderObserver
{
    /// <param name="account">The account whose orders changed.</param>
    /// <param name="orders">The orders as committed (an order that became final is here with its final status).</param>
    void OnOrdersCommitted(AccountId account, IReadOnlyList<Order> orders);
}
