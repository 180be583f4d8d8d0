using System.Text.Json;

namespace Tickwatch.Gateway.Quotes;

/// <summary>
/// The one client view of a price: the field names, and how age and freshness are written, shared by the REST quote
/// (<see cref="QuoteView"/>) and the live stream's price element (<c>PriceFrameWriter</c>).
/// </summary>
/// <remarks>
/// Only the REST quote has <see cref="Spread"/>, <see cref="StoredAt"/> and <see cref="IsFresh"/>; only a stream element
/// has <c>type</c>. A field the price lacks is null in the REST quote and left out of a stream element.
/// </remarks>
public static class ClientQuoteFields
{
    public const string Symbol = "symbol";
    public const string Bid = "bid";
    public const string Ask = "ask";
    public const string Spread = "spread";
    public const string Sequence = "sequence";
    public const string SourceSequence = "source_sequence";
    public const string SourceTime = "source_time";
    public const string ReceivedAt = "received_at";
    public const string StoredAt = "stored_at";
    public const string AgeMs = "age_ms";
    public const string MaxAgeMs = "max_age_ms";
    public const string Freshness = "freshness";
    public const string IsFresh = "is_fresh";
    public const string Feed = "feed";

    // Encoded once: the stream writes them for every price.
    internal static readonly JsonEncodedText SymbolName = JsonEncodedText.Encode(Symbol);
    internal static readonly JsonEncodedText BidName = JsonEncodedText.Encode(Bid);
    internal static readonly JsonEncodedText AskName = JsonEncodedText.Encode(Ask);
    internal static readonly JsonEncodedText SequenceName = JsonEncodedText.Encode(Sequence);
    internal static readonly JsonEncodedText SourceSequenceName = JsonEncodedText.Encode(SourceSequence);
    internal static readonly JsonEncodedText SourceTimeName = JsonEncodedText.Encode(SourceTime);
    internal static readonly JsonEncodedText ReceivedAtName = JsonEncodedText.Encode(ReceivedAt);
    internal static readonly JsonEncodedText FeedName = JsonEncodedText.Encode(Feed);
    internal static readonly JsonEncodedText FreshnessName = JsonEncodedText.Encode(Freshness);
    internal static readonly JsonEncodedText MaxAgeMsName = JsonEncodedText.Encode(MaxAgeMs);

    /// <summary>The value of <see cref="Freshness"/>: <c>fresh</c>, <c>stale</c>, <c>missing</c> or <c>closed</c>.</summary>
    public static ReadOnlySpan<byte> FreshnessValue(Core.Prices.Freshness freshness) => freshness switch
    {
        Core.Prices.Freshness.Fresh => "fresh"u8,
        Core.Prices.Freshness.Stale => "stale"u8,
        Core.Prices.Freshness.Closed => "closed"u8,
        _ => "missing"u8,
    };

    /// <summary>Age in whole microseconds (toward zero): <see cref="AgeMs"/> is this over 1000, written with three decimals.</summary>
    public static long AgeMicros(DateTimeOffset receivedAt, DateTimeOffset now) => (now - receivedAt).Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>The value of <see cref="AgeMs"/> for a price received at <paramref name="receivedAt"/>, at <paramref name="now"/>.</summary>
    public static double AgeMsAt(DateTimeOffset receivedAt, DateTimeOffset now) => AgeMicros(receivedAt, now) / 1000d;
}
