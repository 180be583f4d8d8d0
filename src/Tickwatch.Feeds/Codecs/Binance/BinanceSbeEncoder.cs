using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>
/// Writes Binance spot SBE stream events (<c>stream_1_0.xml</c>, schema 1 version 0, little-endian) as binary frames, one
/// message per frame: <c>BestBidAskStreamEvent</c> (10001) and <c>TradesStreamEvent</c> (10000) with one trade. Each
/// message's price and quantity exponents are the largest scale among its values, so every mantissa is exact.
/// Thread-safe; writes straight into the output, allocating nothing.
/// </summary>
public sealed class BinanceSbeEncoder : IBinanceFrameEncoder
{
    // The varString8 symbol: a length byte and at most 255 bytes.
    private const int MaxSymbolBytes = byte.MaxValue;
    private const int BestBidAskFixedLength = BinanceSbeCodec.HeaderLength + BinanceSbeCodec.BestBidAskBlockLength + 1;
    private const int TradesFixedLength = BinanceSbeCodec.HeaderLength + BinanceSbeCodec.TradesBlockLength + 6 + BinanceSbeCodec.TradeEntryLength + 1;

    public FeedProtocol Protocol => FeedProtocol.BinanceSbe;

    public FrameKind FrameKind => FrameKind.Binary;

    /// <remarks>SBE has no envelope: <paramref name="stream"/> is not written.</remarks>
    public void EncodeBookTicker(in BinanceBookTicker quote, string? stream, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var symbolLength = SymbolLength(quote.Symbol);
        var priceScale = Math.Max(quote.Bid.Scale, quote.Ask.Scale);
        var qtyScale = Math.Max(quote.BidQuantity.Scale, quote.AskQuantity.Scale);
        var frame = output.GetSpan(BestBidAskFixedLength + symbolLength);
        WriteHeader(frame, BinanceSbeCodec.BestBidAskBlockLength, BinanceSbeCodec.BestBidAskTemplate);
        BinaryPrimitives.WriteInt64LittleEndian(frame[8..], BinanceQuoteFrame.UnixMicros(quote.EventTime));
        BinaryPrimitives.WriteInt64LittleEndian(frame[16..], quote.UpdateId);
        frame[24] = unchecked((byte)(sbyte)-priceScale);
        frame[25] = unchecked((byte)(sbyte)-qtyScale);
        BinaryPrimitives.WriteInt64LittleEndian(frame[26..], Mantissa(quote.Bid, priceScale));
        BinaryPrimitives.WriteInt64LittleEndian(frame[34..], Mantissa(quote.BidQuantity, qtyScale));
        BinaryPrimitives.WriteInt64LittleEndian(frame[42..], Mantissa(quote.Ask, priceScale));
        BinaryPrimitives.WriteInt64LittleEndian(frame[50..], Mantissa(quote.AskQuantity, qtyScale));
        WriteSymbol(frame[58..], quote.Symbol, symbolLength);
        output.Advance(BestBidAskFixedLength + symbolLength);
    }

    /// <remarks>SBE has no envelope: <paramref name="stream"/> is not written.</remarks>
    public void EncodeTrade(in BinanceTrade trade, string? stream, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var symbolLength = SymbolLength(trade.Symbol);
        var frame = output.GetSpan(TradesFixedLength + symbolLength);
        WriteHeader(frame, BinanceSbeCodec.TradesBlockLength, BinanceSbeCodec.TradesTemplate);
        BinaryPrimitives.WriteInt64LittleEndian(frame[8..], BinanceQuoteFrame.UnixMicros(trade.EventTime));
        BinaryPrimitives.WriteInt64LittleEndian(frame[16..], BinanceQuoteFrame.UnixMicros(trade.TradeTime));
        frame[24] = unchecked((byte)(sbyte)-trade.Price.Scale);
        frame[25] = unchecked((byte)(sbyte)-trade.Quantity.Scale);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[26..], BinanceSbeCodec.TradeEntryLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[28..], 1);
        BinaryPrimitives.WriteInt64LittleEndian(frame[32..], trade.TradeId);
        BinaryPrimitives.WriteInt64LittleEndian(frame[40..], Mantissa(trade.Price, trade.Price.Scale));
        BinaryPrimitives.WriteInt64LittleEndian(frame[48..], Mantissa(trade.Quantity, trade.Quantity.Scale));
        frame[56] = trade.IsBuyerMaker ? (byte)1 : (byte)0;
        WriteSymbol(frame[57..], trade.Symbol, symbolLength);
        output.Advance(TradesFixedLength + symbolLength);
    }

    private static void WriteHeader(Span<byte> frame, int blockLength, ushort templateId)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(frame, (ushort)blockLength);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[2..], templateId);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[4..], BinanceSbeCodec.SchemaId);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[6..], BinanceSbeCodec.SchemaVersion);
    }

    private static int SymbolLength(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var length = Encoding.UTF8.GetByteCount(symbol);
        return length is > 0 and <= MaxSymbolBytes
            ? length
            : throw new ArgumentException($"An SBE symbol is 1 to {MaxSymbolBytes} UTF-8 bytes; '{symbol}' is {length}.", nameof(symbol));
    }

    private static void WriteSymbol(Span<byte> at, string symbol, int length)
    {
        at[0] = (byte)length;
        Encoding.UTF8.GetBytes(symbol, at[1..]);
    }

    private static long Mantissa(decimal value, int scale) =>
        SbeDecimal.TryToMantissa(value, scale, out var mantissa)
            ? mantissa
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} at {scale} decimal places does not fit an SBE int64 mantissa.");
}
