using System.Buffers;
using System.Text;
using Tickwatch.Feeds.Codecs.Compression;
using Tickwatch.Feeds.Codecs.Protobuf;

namespace Tickwatch.Feeds.Codecs;

/// <summary>Writes zlib-compressed protobuf <c>MarketUpdate</c> binary frames. Thread-safe; compression is serialised.</summary>
/// <remarks>Prices go on the wire as <c>(double)decimal</c>, which the decoder's shortest round-trip turns back into the same decimal for up to 15 significant digits.</remarks>
public sealed class ProtobufMarketUpdateEncoder : IFeedFrameEncoder, IDisposable
{
    private const int DoubleFieldBytes = 1 + sizeof(double);

    private readonly Lock _gate = new();

    private readonly ZlibDeflater _deflater = new();

    public FeedProtocol Protocol => FeedProtocol.Protobuf;

    public FrameKind FrameKind => FrameKind.Binary;

    public void Encode(ReadOnlySpan<WirePrice> prices, long? sequence, DateTimeOffset? sourceTime, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (sequence < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "The protobuf seq field is unsigned.");
        }

        var dataLength = 0;
        foreach (ref readonly var price in prices)
        {
            var entryLength = EntryLength(price);
            dataLength = checked(dataLength + ProtobufWriter.TagSize(MarketUpdateFields.MarketPrices) + ProtobufWriter.VarintSize((ulong)entryLength) + entryLength);
        }

        var typeLength = Encoding.UTF8.GetByteCount(MarketUpdateFields.MarketUpdateType);
        var messageLength = checked(
            ProtobufWriter.TagSize(MarketUpdateFields.Type) + ProtobufWriter.VarintSize((ulong)typeLength) + typeLength
            + ProtobufWriter.TagSize(MarketUpdateFields.Data) + ProtobufWriter.VarintSize((ulong)dataLength) + dataLength
            + (sequence is { } seq ? ProtobufWriter.TagSize(MarketUpdateFields.Sequence) + ProtobufWriter.VarintSize((ulong)seq) : 0)
            + (sourceTime is { } time ? ProtobufWriter.TagSize(MarketUpdateFields.SourceTime) + ProtobufWriter.VarintSize(unchecked((ulong)time.ToUnixTimeMilliseconds())) : 0));

        var buffer = ArrayPool<byte>.Shared.Rent(messageLength);
        try
        {
            var writer = new ProtobufWriter(buffer);
            writer.WriteTag(MarketUpdateFields.Type, WireType.LengthDelimited);
            writer.WriteVarint((ulong)typeLength);
            writer.WriteBytes(MarketUpdateFields.MarketUpdateTypeUtf8);
            writer.WriteTag(MarketUpdateFields.Data, WireType.LengthDelimited);
            writer.WriteVarint((ulong)dataLength);
            foreach (ref readonly var price in prices)
            {
                WriteEntry(ref writer, price);
            }

            if (sequence is { } sequenceValue)
            {
                writer.WriteTag(MarketUpdateFields.Sequence, WireType.Varint);
                writer.WriteVarint((ulong)sequenceValue);
            }

            if (sourceTime is { } timeValue)
            {
                // int64 on the wire: a negative time is its two's complement.
                writer.WriteTag(MarketUpdateFields.SourceTime, WireType.Varint);
                writer.WriteVarint(unchecked((ulong)timeValue.ToUnixTimeMilliseconds()));
            }

            lock (_gate)
            {
                _deflater.Compress(buffer.AsSpan(0, writer.Position), output);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _deflater.Dispose();

    private static int ValueLength(in WirePrice price) => (price.Ask.HasValue ? DoubleFieldBytes : 0) + (price.Bid.HasValue ? DoubleFieldBytes : 0);

    private static int EntryLength(in WirePrice price)
    {
        ArgumentNullException.ThrowIfNull(price.Symbol);
        var keyLength = Encoding.UTF8.GetByteCount(price.Symbol);
        var valueLength = ValueLength(price);
        return ProtobufWriter.TagSize(MarketUpdateFields.MapKey) + ProtobufWriter.VarintSize((ulong)keyLength) + keyLength
            + ProtobufWriter.TagSize(MarketUpdateFields.MapValue) + ProtobufWriter.VarintSize((ulong)valueLength) + valueLength;
    }

    private static void WriteEntry(ref ProtobufWriter writer, in WirePrice price)
    {
        writer.WriteTag(MarketUpdateFields.MarketPrices, WireType.LengthDelimited);
        writer.WriteVarint((ulong)EntryLength(price));

        var keyLength = Encoding.UTF8.GetByteCount(price.Symbol);
        writer.WriteTag(MarketUpdateFields.MapKey, WireType.LengthDelimited);
        writer.WriteVarint((ulong)keyLength);
        _ = Encoding.UTF8.GetBytes(price.Symbol, writer.Reserve(keyLength));

        writer.WriteTag(MarketUpdateFields.MapValue, WireType.LengthDelimited);
        writer.WriteVarint((ulong)ValueLength(price));
        if (price.Ask is { } ask)
        {
            writer.WriteTag(MarketUpdateFields.Buy, WireType.Fixed64);
            writer.WriteDouble((double)ask);
        }

        if (price.Bid is { } bid)
        {
            writer.WriteTag(MarketUpdateFields.Sell, WireType.Fixed64);
            writer.WriteDouble((double)bid);
        }
    }
}
