using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>
/// Writes Binance spot JSON stream events as text frames: <c>bookTicker</c> (no <c>e</c>, keys <c>u,s,b,B,a,A</c> in the
/// venue's order) and <c>trade</c>, raw or in the combined <c>{"stream","data"}</c> envelope. Decimals go out as strings
/// with their own digits, trailing zeros kept. Thread-safe; writes straight into the output, allocating nothing.
/// </summary>
public sealed class BinanceJsonEncoder : IBinanceFrameEncoder
{
    // A decimal is at most 29 digits, a sign and a point; a long at most 20 characters.
    private const int MaxDecimalChars = 32;
    private const int MaxLongChars = 20;
    private const int FixedChars = 128;

    public FeedProtocol Protocol => FeedProtocol.BinanceJson;

    public FrameKind FrameKind => FrameKind.Text;

    public void EncodeBookTicker(in BinanceBookTicker quote, string? stream, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(FixedChars + (4 * MaxDecimalChars) + MaxLongChars + MaxText(quote.Symbol) + MaxText(stream));
        var at = 0;
        OpenEnvelope(span, ref at, stream);
        Raw(span, ref at, "{\"u\":"u8);
        Number(span, ref at, quote.UpdateId);
        Raw(span, ref at, ",\"s\":\""u8);
        Text(span, ref at, quote.Symbol);
        Raw(span, ref at, "\",\"b\":\""u8);
        Decimal(span, ref at, quote.Bid);
        Raw(span, ref at, "\",\"B\":\""u8);
        Decimal(span, ref at, quote.BidQuantity);
        Raw(span, ref at, "\",\"a\":\""u8);
        Decimal(span, ref at, quote.Ask);
        Raw(span, ref at, "\",\"A\":\""u8);
        Decimal(span, ref at, quote.AskQuantity);
        Raw(span, ref at, "\"}"u8);
        CloseEnvelope(span, ref at, stream);
        output.Advance(at);
    }

    public void EncodeTrade(in BinanceTrade trade, string? stream, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(FixedChars + (2 * MaxDecimalChars) + (3 * MaxLongChars) + MaxText(trade.Symbol) + MaxText(stream));
        var at = 0;
        OpenEnvelope(span, ref at, stream);
        Raw(span, ref at, "{\"e\":\"trade\",\"E\":"u8);
        Number(span, ref at, trade.EventTime.ToUnixTimeMilliseconds());
        Raw(span, ref at, ",\"s\":\""u8);
        Text(span, ref at, trade.Symbol);
        Raw(span, ref at, "\",\"t\":"u8);
        Number(span, ref at, trade.TradeId);
        Raw(span, ref at, ",\"p\":\""u8);
        Decimal(span, ref at, trade.Price);
        Raw(span, ref at, "\",\"q\":\""u8);
        Decimal(span, ref at, trade.Quantity);
        Raw(span, ref at, "\",\"T\":"u8);
        Number(span, ref at, trade.TradeTime.ToUnixTimeMilliseconds());
        Raw(span, ref at, trade.IsBuyerMaker ? ",\"m\":true,\"M\":true}"u8 : ",\"m\":false,\"M\":true}"u8);
        CloseEnvelope(span, ref at, stream);
        output.Advance(at);
    }

    private static int MaxText(string? text) => text is null ? 0 : Encoding.UTF8.GetMaxByteCount(text.Length);

    private static void OpenEnvelope(Span<byte> span, ref int at, string? stream)
    {
        if (stream is null)
        {
            return;
        }

        Raw(span, ref at, "{\"stream\":\""u8);
        Text(span, ref at, stream);
        Raw(span, ref at, "\",\"data\":"u8);
    }

    private static void CloseEnvelope(Span<byte> span, ref int at, string? stream)
    {
        if (stream is not null)
        {
            Raw(span, ref at, "}"u8);
        }
    }

    private static void Raw(Span<byte> span, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[at..]);
        at += bytes.Length;
    }

    private static void Number(Span<byte> span, ref int at, long value)
    {
        Utf8Formatter.TryFormat(value, span[at..], out var written);
        at += written;
    }

    private static void Decimal(Span<byte> span, ref int at, decimal value)
    {
        // The default format keeps the decimal's scale, so 25.35190000 goes out with its trailing zeros.
        value.TryFormat(span[at..], out var written, default, CultureInfo.InvariantCulture);
        at += written;
    }

    private static void Text(Span<byte> span, ref int at, string text)
    {
        foreach (var c in text)
        {
            // Symbols and stream names need no escaping; one that would is a caller's mistake, not a frame to send.
            if (c is '"' or '\\' || c < ' ')
            {
                throw new ArgumentException($"'{text}' would need JSON escaping; symbols and stream names are plain text.", nameof(text));
            }
        }

        at += Encoding.UTF8.GetBytes(text, span[at..]);
    }
}
