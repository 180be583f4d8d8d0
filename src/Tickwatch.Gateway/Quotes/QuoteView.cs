using System.Text.Json.Serialization;
using Tickwatch.Core.Prices;

namespace Tickwatch.Gateway.Quotes;

/// <summary>One symbol's price as a client sees it: the values the market service stored, their sequence and how old they are.</summary>
/// <remarks>The REST form of the one client view; its names are <see cref="ClientQuoteFields"/>, as the stream's price element's are.</remarks>
/// <param name="Symbol">The broker's symbol.</param>
/// <param name="Bid">Bid; null when the symbol has no price yet.</param>
/// <param name="Ask">Ask; null when the symbol has no price yet.</param>
/// <param name="Spread">Ask minus bid.</param>
/// <param name="Sequence">The price book's sequence of this price: per symbol, increasing; the same number the market service and the stream show.</param>
/// <param name="SourceSequence">The feed's own sequence, when it sends one.</param>
/// <param name="SourceTime">The feed's own time stamp, when it sends one.</param>
/// <param name="ReceivedAt">When the market service read the price off its feed; age counts from here.</param>
/// <param name="StoredAt">The store's <c>ts</c>: when the market service received the price (never when it was written), to the millisecond.</param>
/// <param name="AgeMs">Age now, in milliseconds.</param>
/// <param name="MaxAgeMs">The symbol's limit: older is stale.</param>
/// <param name="Freshness"><c>fresh</c>, <c>stale</c>, <c>missing</c> (no price yet) or <c>closed</c> (outside trading hours).</param>
/// <param name="IsFresh">True only for a fresh price: the only kind an order may be priced on.</param>
/// <param name="Feed">The feed the price came from.</param>
public sealed record QuoteView(
    [property: JsonPropertyName(ClientQuoteFields.Symbol)] string Symbol,
    [property: JsonPropertyName(ClientQuoteFields.Bid)] decimal? Bid,
    [property: JsonPropertyName(ClientQuoteFields.Ask)] decimal? Ask,
    [property: JsonPropertyName(ClientQuoteFields.Spread)] decimal? Spread,
    [property: JsonPropertyName(ClientQuoteFields.Sequence)] long? Sequence,
    [property: JsonPropertyName(ClientQuoteFields.SourceSequence)] long? SourceSequence,
    [property: JsonPropertyName(ClientQuoteFields.SourceTime)] DateTimeOffset? SourceTime,
    [property: JsonPropertyName(ClientQuoteFields.ReceivedAt)] DateTimeOffset? ReceivedAt,
    [property: JsonPropertyName(ClientQuoteFields.StoredAt)] DateTimeOffset? StoredAt,
    [property: JsonPropertyName(ClientQuoteFields.AgeMs)] double? AgeMs,
    [property: JsonPropertyName(ClientQuoteFields.MaxAgeMs)] double MaxAgeMs,
    [property: JsonPropertyName(ClientQuoteFields.Freshness), JsonConverter(typeof(ClientFreshnessJsonConverter))] Freshness Freshness,
    [property: JsonPropertyName(ClientQuoteFields.IsFresh)] bool IsFresh,
    [property: JsonPropertyName(ClientQuoteFields.Feed)] string? Feed);
