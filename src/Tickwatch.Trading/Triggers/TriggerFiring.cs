using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Triggers;

/// <summary>One trigger that fired: what it was, what it did, the quote that found it crossed and the quote the engine executed on.</summary>
/// <param name="OrderId">The order filled or closed.</param>
/// <param name="Account">Its account, <c>live:42</c>.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Group">The group whose half spread priced it.</param>
/// <param name="Kind">Pending fill, stop-loss or take-profit.</param>
/// <param name="TriggerPrice">The trigger's exact price.</param>
/// <param name="ExecutedPrice">The fill or close price, half spread included.</param>
/// <param name="CrossingSequence">Book sequence of the quote that found the trigger crossed.</param>
/// <param name="Lineage">The quote the engine executed on (normally the crossing one, or a newer one that still crossed).</param>
/// <param name="LatencyMs">From the crossing quote's receipt to the committed fill or close.</param>
/// <param name="FiredAt">When the fill or close was committed.</param>
public sealed record TriggerFiring(
    string OrderId,
    string Account,
    string Symbol,
    string Group,
    TriggerKind Kind,
    decimal TriggerPrice,
    decimal? ExecutedPrice,
    long CrossingSequence,
    QuoteLineage? Lineage,
    double LatencyMs,
    DateTimeOffset FiredAt);
