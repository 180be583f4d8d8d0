using System.Buffers;
using System.Text.Json;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Publishing;

/// <summary>The compact JSON of a written price, as announced on <c>prices:{SYMBOL}</c>: the hash's fields plus the symbol.</summary>
/// <remarks>
/// Example: <c>{"symbol":"EURUSD","bid":"1.0852","ask":"1.0854","ts":1767225600123,"source_ts":1767225600120,
/// "source_seq":991,"feed":"json","received_at":1767225600121456,"book_seq":42,"ver_us":1767225600120000,"ver_seq":991}</c>.
/// Prices are strings so that no JSON parser turns them into doubles.
/// </remarks>
public static class PriceUpdateJson
{
    public static byte[] Serialize(StoredPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(MarketPriceFields.Symbol, price.Symbol);
            writer.WriteString(MarketPriceFields.Bid, ExactDecimal.Format(price.Bid));
            writer.WriteString(MarketPriceFields.Ask, ExactDecimal.Format(price.Ask));
            if (price.StoredAt is { } storedAt)
            {
                writer.WriteNumber(MarketPriceFields.StoredAt, storedAt.ToUnixTimeMilliseconds());
            }

            if (price.SourceTime is { } sourceTime)
            {
                writer.WriteNumber(MarketPriceFields.SourceTime, sourceTime.ToUnixTimeMilliseconds());
            }

            if (price.SourceSequence is { } sourceSequence)
            {
                writer.WriteNumber(MarketPriceFields.SourceSequence, sourceSequence);
            }

            writer.WriteString(MarketPriceFields.Feed, price.Feed);
            writer.WriteNumber(MarketPriceFields.ReceivedAt, PriceVersion.ToUnixMicros(price.ReceivedAt));
            writer.WriteNumber(MarketPriceFields.BookSequence, price.BookSequence);
            writer.WriteNumber(MarketPriceFields.VersionMicros, price.Version.TimestampMicros);
            writer.WriteNumber(MarketPriceFields.VersionSequence, price.Version.Sequence);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
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
            StoredAt = root.TryGetProperty(MarketPriceFields.StoredAt, out var ts) ? DateTimeOffset.FromUnixTimeMilliseconds(ts.GetInt64()) : null,
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
