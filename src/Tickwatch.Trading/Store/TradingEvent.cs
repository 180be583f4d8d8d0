namespace Tickwatch.Trading.Store;

/// <summary>One change of an account for the ledger's outbox, appended in the same atomic step as the change itself.</summary>
/// <param name="Kind">What happened: <c>order_placed</c>, <c>order_filled</c>, <c>order_closed</c>, <c>order_cancelled</c>, <c>order_modified</c>, <c>account_changed</c>, <c>balance_changed</c>.</param>
/// <param name="OrderId">The order it concerns, if any.</param>
/// <param name="Payload">The state after the change, as JSON.</param>
/// <param name="At">When the change was committed, by the clock of whoever committed it (the engine's, the store's); the ledger's time of the event.</param>
public sealed record TradingEvent(string Kind, string? OrderId, string Payload, DateTimeOffset At);
