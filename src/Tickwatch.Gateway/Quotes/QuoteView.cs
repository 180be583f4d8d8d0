using Tickwatch.Core.Prices;

namespace Tickwatch.Gateway.Quotes;

/// <summary>One symbol's price as a client sees it: the values the market service stored, their sequence and how old they are.</summary>
/// <param name="Symbol">The broker's symbol.</param>
/// <param name="Bid">Bid; null when the symbol has no price yet.</param>
/// <param name="Ask">Ask; null when the symbol has no price yet.</param>
/// <param name="Spread">Ask minus bid.</param>
/// <param name="Sequence">The price book's sequence of this price: per symbol, increasing; the same number the market service and the stream show.</param>
/// <param name="SourceSequence">The feed's own sequence, when it sends one.</param>
/// <param name="SourceTime">The feed's own time stamp, when it sends one.</param>
/// <param name="ReceivedAt">When the market service read the price off its feed; age counts from here.</param>
/// <param name="StoredAt">When it was written to the store.</param>
/// <param name="AgeMs">Age now, in milliseconds.</param>
/// <param name="MaxAgeMs">The symbol's limit: older is stale.</param>
/// <param name="Freshness"><c>fresh</c>, <c>stale</c> or <c>missing</c> (no price yet).</param>
/// <param name="IsFresh">True only for a fresh price: the only kind an order may be priced on.</param>
/// <param name="Feed">The feed the price came from.</param>
public sealed record QuoteView(
    string Symbol,
    decimal? Bid,
    decimal? Ask,
    decimal? Spread,
    long? Sequence,
    long? SourceSequence,
    DateTimeOffset? SourceTime,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? StoredAt,
    double? AgeMs,
    double MaxAgeMs,
    Freshness Freshness,
    bool IsFresh,
    string? Feed);
