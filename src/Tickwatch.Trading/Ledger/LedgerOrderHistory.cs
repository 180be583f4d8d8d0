using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Ledger;

/// <summary>An order as the ledger last recorded it, with the changes of its status in the range read.</summary>
/// <param name="Order">Its state after its last recorded change.</param>
/// <param name="History">Its status changes in the range, in the ledger's order.</param>
/// <param name="Cursor">Its first change in the range: the page it is on ends at or after it.</param>
public sealed record LedgerOrderHistory(Order Order, IReadOnlyList<OrderStatusChange> History, LedgerCursor Cursor);
