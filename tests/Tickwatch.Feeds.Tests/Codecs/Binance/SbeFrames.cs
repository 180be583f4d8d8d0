using System.Buffers.Binary;
using System.Text;

namespace Tickwatch.Feeds.Tests.Codecs.Binance;

/// <summary>Writes SBE frames from field values by FORMAT.md §5, independently of the codec, so tests can vary every field.</summary>
internal static class SbeFrames
{
    public static byte[] BestBidAsk(
        long eventTime, long bookUpdateId, sbyte priceExponent, sbyte qtyExponent, long bidPrice, long bidQty, long askPrice, long askQty, string symbol,
        ushort blockLength = 50, ushort templateId = 10001, ushort schemaId = 1, ushort version = 0)
    {
        var name = Encoding.UTF8.GetBytes(symbol);
        var frame = new byte[59 + name.Length];
        Header(frame, blockLength, templateId, schemaId, version);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8), eventTime);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(16), bookUpdateId);
        frame[24] = unchecked((byte)priceExponent);
        frame[25] = unchecked((byte)qtyExponent);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(26), bidPrice);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(34), bidQty);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(42), askPrice);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(50), askQty);
        frame[58] = (byte)name.Length;
        name.CopyTo(frame, 59);
        return frame;
    }

    public static byte[] Trades(long eventTime, long transactTime, sbyte priceExponent, sbyte qtyExponent, string symbol, params (long Id, long Price, long Qty, byte IsBuyerMaker)[] trades)
    {
        var name = Encoding.UTF8.GetBytes(symbol);
        var frame = new byte[33 + (25 * trades.Length) + name.Length];
        Header(frame, 18, 10000, 1, 0);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8), eventTime);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(16), transactTime);
        frame[24] = unchecked((byte)priceExponent);
        frame[25] = unchecked((byte)qtyExponent);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(26), 25);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(28), (uint)trades.Length);
        for (var i = 0; i < trades.Length; i++)
        {
            var at = 32 + (25 * i);
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(at), trades[i].Id);
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(at + 8), trades[i].Price);
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(at + 16), trades[i].Qty);
            frame[at + 24] = trades[i].IsBuyerMaker;
        }

        frame[32 + (25 * trades.Length)] = (byte)name.Length;
        name.CopyTo(frame, 33 + (25 * trades.Length));
        return frame;
    }

    public static void Header(Span<byte> frame, ushort blockLength, ushort templateId, ushort schemaId, ushort version)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(frame, blockLength);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[2..], templateId);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[4..], schemaId);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[6..], version);
    }
}
