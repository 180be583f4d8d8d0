using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Ledger;

/// <summary>One step of an order's history: what happened to it and the status and volume it was left with.</summary>
/// <param name="Event">The event that recorded it.</param>
/// <param name="OrderId">The order.</param>
/// <param name="Kind">The outbox's kind of the change (<c>order_placed</c>, <c>order_filled</c>, <c>order_closed</c>, ...).</param>
/// <param name="Status">The status after it.</param>
/// <param name="Volume">The lots still open (or ordered) after it.</param>
/// <param name="At">When it happened.</param>
public sealed record OrderStatusChange(LedgerEventId Event, string OrderId, string Kind, OrderStatus Status, decimal Volume, DateTimeOffset At);
