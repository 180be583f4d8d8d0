namespace Tickwatch.Trading.ProviderLink;

/// <summary>One decision of the pending monitor on a resting provider order, with the numbers that led to it.</summary>
/// <param name="At">When it was decided.</param>
/// <param name="Account">The account, as the wire writes it.</param>
/// <param name="OrderId">The resting order.</param>
/// <param name="Symbol">The order's symbol.</param>
/// <param name="Action"><c>cancel_sent</c>, <c>cancel_queued</c> (committed, goes at the next connect), <c>cancel_refused</c>, <c>cancel_used</c> (had its one cancel before) or <c>held</c>.</param>
/// <param name="FreeMargin">The account's free margin at the check (the portfolio's definition); null when it could not be valued.</param>
/// <param name="Bid">The symbol's bid at the check, when the book holds one.</param>
/// <param name="Ask">The symbol's ask at the check, when the book holds one.</param>
/// <param name="PriceAgeMilliseconds">Age of the order's symbol's quote at the check; null when there is none.</param>
/// <param name="Reason">Why, in words with the numbers.</param>
public sealed record ProviderPendingDecision(
    DateTimeOffset At,
    string Account,
    string OrderId,
    string Symbol,
    string Action,
    decimal? FreeMargin,
    decimal? Bid,
    decimal? Ask,
    long? PriceAgeMilliseconds,
    string Reason);
