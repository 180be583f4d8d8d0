using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Store;

/// <summary>One account as the store holds it at one revision: its configuration and its orders that are not final.</summary>
/// <param name="Account">Configuration and balance.</param>
/// <param name="Revision">Raised by every change of the account; a commit names the revision it was computed from.</param>
/// <param name="ActiveOrders">Open positions and resting orders.</param>
public sealed record AccountState(TradingAccount Account, long Revision, IReadOnlyList<Order> ActiveOrders);
