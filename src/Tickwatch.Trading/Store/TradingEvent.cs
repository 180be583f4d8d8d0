namespace Tickwatch.Trading.Store;

/// <summary>One change of an account for the ledger's outbox, appended in the same atomic step as the change itself.</summary>
/// <param name="Kind">What happened: <c>order_placed</c>, <c>order_filled</c>, <c>order_closed</c>, <c>order_cancelled</c>, <c>order_modified</c>, <c>balance_changed</c>.</param>
/// <param name="OrderId">The order it concerns, if any.</param>
/// <param name="Payload">The state after the change, as JSON.</param>
public sealed record TradingEvent(string Kind, string? OrderId, string Payload);
