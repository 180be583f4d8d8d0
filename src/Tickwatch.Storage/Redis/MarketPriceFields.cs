namespace Tickwatch.Storage.Redis;

/// <summary>The fields of a <c>market:SYMBOL</c> hash, also the property names of the JSON announced on <c>prices:{market:SYMBOL}</c>.</summary>
/// <remarks>
/// Prices are exact decimal strings in invariant culture (<c>1.0852</c>, never a double). Integers are decimal
/// strings. A field Tickwatch does not know for a price (no source time, no source sequence) is absent, not 0.
/// </remarks>
public static class MarketPriceFields
{
    /// <summary>Bid, exact decimal string. Reference field.</summary>
    public const string Bid = "bid";

    /// <summary>Ask, exact decimal string. Reference field.</summary>
    public const string Ask = "ask";

    /// <summary>
    /// Local time the price was received (when it was true here), ms since the Unix epoch; never the write time, so a
    /// retried write keeps it. Reference field: its readers compute a price's age from it, so it stays in ms.
    /// </summary>
    public const string Timestamp = "ts";

    /// <summary>The source's own time stamp, ms since the Unix epoch; absent when the feed carries none.</summary>
    public const string SourceTime = "source_ts";

    /// <summary>The source's sequence number; absent when the feed carries none.</summary>
    public const string SourceSequence = "source_seq";

    /// <summary>Name of the feed the price came from.</summary>
    public const string Feed = "feed";

    /// <summary>Local time the update was read off the socket, µs since the Unix epoch.</summary>
    public const string ReceivedAt = "received_at";

    /// <summary>The price book's per-symbol sequence.</summary>
    public const string BookSequence = "book_seq";

    /// <summary>Version, first part: source time (else received-at) in µs. The write script compares it.</summary>
    public const string VersionMicros = "ver_us";

    /// <summary>Version, second part: source sequence (else book sequence). The write script compares it on a tie.</summary>
    public const string VersionSequence = "ver_seq";

    /// <summary>Only in the JSON announcement: the symbol.</summary>
    public const string Symbol = "symbol";
}
