using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Publishing;

/// <summary>The announcement of a written price, as compact JSON on <c>prices:{market:SYMBOL}</c>: the hash's fields plus the symbol.</summary>
/// <remarks>
/// Example: <c>{"symbol":"EURUSD","bid":"1.0852","ask":"1.0854","ts":1767225600123,"source_ts":1767225600120,
/// "source_seq":991,"feed":"json","received_at":1767225600121456,"book_seq":42,"ver_us":1767225600120000,"ver_seq":991}</c>.
/// Prices are strings so that no JSON parser turns them into doubles.
/// </remarks>
public static class PriceAnnouncementJson
{
    // Property names are encoded once; the writer and its buffer are reused per thread: the store writer makes one
    // announcement per written price, so a writer and a buffer per call would be most of the cost.
    private static readonly JsonEncodedText SymbolName = JsonEncodedText.Encode(MarketPriceFields.Symbol);
    private static readonly JsonEncodedText BidName = JsonEncodedText.Encode(MarketPriceFields.Bid);
    private static readonly JsonEncodedText AskName = JsonEncodedText.Encode(MarketPriceFields.Ask);
    private static readonly JsonEncodedText StoredAtName = JsonEncodedText.Encode(MarketPriceFields.Timestamp);
    private static readonly JsonEncodedText SourceTimeName = JsonEncodedText.Encode(MarketPriceFields.SourceTime);
    private static readonly JsonEncodedText SourceSequenceName = JsonEncodedText.Encode(MarketPriceFields.SourceSequence);
    private static readonly JsonEncodedText FeedName = JsonEncodedText.Encode(MarketPriceFields.Feed);
    private static readonly JsonEncodedText ReceivedAtName = JsonEncodedText.Encode(MarketPriceFields.ReceivedAt);
    private static readonly JsonEncodedText BookSequenceName = JsonEncodedText.Encode(MarketPriceFields.BookSequence);
    private static readonly JsonEncodedText VersionMicrosName = JsonEncodedText.Encode(MarketPriceFields.VersionMicros);
    private static readonly JsonEncodedText VersionSequenceName = JsonEncodedText.Encode(MarketPriceFields.VersionSequence);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static byte[] Serialize(StoredPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString(SymbolName, price.Symbol);
        WriteDecimal(writer, BidName, price.Bid);
        WriteDecimal(writer, AskName, price.Ask);
        if (price.Timestamp is { } storedAt)
        {
            writer.WriteNumber(StoredAtName, storedAt.ToUnixTimeMilliseconds());
        }

        if (price.SourceTime is { } sourceTime)
        {
            writer.WriteNumber(SourceTimeName, sourceTime.ToUnixTimeMilliseconds());
        }

        if (price.SourceSequence is { } sourceSequence)
        {
            writer.WriteNumber(SourceSequenceName, sourceSequence);
        }

        writer.WriteString(FeedName, price.Feed);
        writer.WriteNumber(ReceivedAtName, PriceVersion.ToUnixMicros(price.ReceivedAt));
        writer.WriteNumber(BookSequenceName, price.BookSequence);
        writer.WriteNumber(VersionMicrosName, price.Version.TimestampMicros);
        writer.WriteNumber(VersionSequenceName, price.Version.Sequence);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    // The exact decimal as a JSON string (ExactDecimal's text), formatted straight to UTF-8 without a string.
    private static void WriteDecimal(Utf8JsonWriter writer, JsonEncodedText name, decimal value)
    {
        Span<byte> text = stackalloc byte[64];
        if (value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture))
        {
            writer.WriteString(name, text[..length]);
        }
        else
        {
            writer.WriteString(name, ExactDecimal.Format(value));
        }
    }

    /// <summary>Reads an announcement back; throws <see cref="JsonException"/> or <see cref="FormatException"/> when it is not one.</summary>
    public static StoredPrice Deserialize(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        return new StoredPrice
        {
            Symbol = root.GetProperty(MarketPriceFields.Symbol).GetString() ?? throw new FormatException("symbol is null"),
            Bid = ExactDecimal.Parse(root.GetProperty(MarketPriceFields.Bid).GetString()),
            Ask = ExactDecimal.Parse(root.GetProperty(MarketPriceFields.Ask).GetString()),
            Timestamp = root.TryGetProperty(MarketPriceFields.Timestamp, out var ts) ? DateTimeOffset.FromUnixTimeMilliseconds(ts.GetInt64()) : null,
            SourceTime = root.TryGetProperty(MarketPriceFields.SourceTime, out var sourceTs) ? DateTimeOffset.FromUnixTimeMilliseconds(sourceTs.GetInt64()) : null,
            SourceSequence = root.TryGetProperty(MarketPriceFields.SourceSequence, out var sourceSeq) ? sourceSeq.GetInt64() : null,
            Feed = root.GetProperty(MarketPriceFields.Feed).GetString() ?? "",
            ReceivedAt = PriceVersion.FromUnixMicros(root.GetProperty(MarketPriceFields.ReceivedAt).GetInt64()),
            BookSequence = root.GetProperty(MarketPriceFields.BookSequence).GetInt64(),
            Version = new PriceVersion(
                root.GetProperty(MarketPriceFields.VersionMicros).GetInt64(),
                root.GetProperty(MarketPriceFields.VersionSequence).GetInt64()),
        };
    }
}
