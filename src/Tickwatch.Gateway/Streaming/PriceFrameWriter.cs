using System.Buffers;
using System.Text.Json;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Quotes;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Streaming;

/// <summary>Serialises a price into the stream's message once per update, whatever the number of clients.</summary>
/// <remarks>
/// Example: <c>{"type":"price","symbol":"EURUSD","bid":1.08520,"ask":1.08530,"sequence":42,"source_sequence":991,
/// "source_time":"…","received_at":"…","feed":"json","freshness":"fresh","max_age_ms":10000,"age_ms":3.25}</c>.
/// Prices are exact decimal literals, never doubles. Field names and the age and freshness values are the one client view's,
/// <see cref="ClientQuoteFields"/>, as in <c>GET /api/quotes</c>.
/// </remarks>
public static class PriceFrameWriter
{
    private static readonly byte[] AgeProperty = System.Text.Encoding.UTF8.GetBytes(",\"" + ClientQuoteFields.AgeMs + "\":");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>The message for <paramref name="price"/>: a price update, or (with <paramref name="announcement"/> stale or closed) the watchdog's announcement of it.</summary>
    public static PriceFrame Create(StoredPrice price, SymbolSettings settings, DateTimeOffset now, Freshness? announcement = null)
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(settings);
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        var freshness = announcement ?? QuoteBoard.FreshnessOf(settings, price, now);
        writer.WriteStartObject();
        writer.WriteString("type"u8, announcement switch
        {
            null => "price"u8,
            Freshness.Closed => "closed"u8,
            _ => "stale"u8,
        });
        writer.WriteString(ClientQuoteFields.SymbolName, price.Symbol);
        writer.WriteNumber(ClientQuoteFields.BidName, price.Bid);
        writer.WriteNumber(ClientQuoteFields.AskName, price.Ask);
        writer.WriteNumber(ClientQuoteFields.SequenceName, price.BookSequence);
        if (price.SourceSequence is { } sourceSequence)
        {
            writer.WriteNumber(ClientQuoteFields.SourceSequenceName, sourceSequence);
        }

        if (price.SourceTime is { } sourceTime)
        {
            writer.WriteString(ClientQuoteFields.SourceTimeName, sourceTime);
        }

        writer.WriteString(ClientQuoteFields.ReceivedAtName, price.ReceivedAt);
        writer.WriteString(ClientQuoteFields.FeedName, price.Feed);
        writer.WriteString(ClientQuoteFields.FreshnessName, ClientQuoteFields.FreshnessValue(freshness));
        writer.WriteNumber(ClientQuoteFields.MaxAgeMsName, settings.MaxQuoteAge.TotalMilliseconds);

        // The object stays open: each client's send loop appends its own age and the closing brace.
        writer.Flush();
        var prefix = new byte[buffer.WrittenCount + AgeProperty.Length];
        buffer.WrittenSpan.CopyTo(prefix);
        AgeProperty.CopyTo(prefix.AsSpan(buffer.WrittenCount));
        return new PriceFrame(price, freshness, announcement, prefix);
    }
}
