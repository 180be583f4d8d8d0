using System.Buffers.Binary;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>Decodes Binance spot SBE market streams (<c>stream_1_0.xml</c>, schema 1 version 0): <c>bestBidAsk</c> quotes and <c>trade</c> prints.</summary>
/// <remarks>
/// <para>
/// Each binary frame is one message: the 8-byte header (block length, template id, schema id, version; little-endian,
/// unaligned), the root block, groups, then the symbol as <c>varString8</c>. Prices are mantissa × 10^exponent and
/// become decimals exactly. A <c>BestBidAskStreamEvent</c> is a quote with <c>bookUpdateId</c> as its sequence and
/// <c>eventTime</c> (µs) as its source time; a <c>TradesStreamEvent</c> is one <see cref="TradePrint"/> per trade.
/// </para>
/// <para>
/// Version 0 fixes every block length, so a frame whose lengths or size disagree with the schema is refused as
/// <c>malformed_sbe</c> (cut short, mutated or with bytes after its end); another schema id or version is
/// <c>unsupported_sbe_schema</c>, a template the schema does not define <c>unknown_sbe_template</c>. Depth messages are
/// ignored. Text frames on the same socket (subscription answers, <c>serverShutdown</c>) are read as Binance JSON.
/// </para>
/// </remarks>
public sealed class BinanceSbeCodec : IFeedCodec
{
    /// <summary>The schema id of Binance's spot stream schema.</summary>
    public const ushort SchemaId = 1;

    /// <summary>The schema version this codec decodes.</summary>
    public const ushort SchemaVersion = 0;

    internal const ushort TradesTemplate = 10000;
    internal const ushort BestBidAskTemplate = 10001;
    internal const ushort DepthSnapshotTemplate = 10002;
    internal const ushort DepthDiffTemplate = 10003;

    internal const int HeaderLength = 8;
    internal const int BestBidAskBlockLength = 50;
    internal const int TradesBlockLength = 18;
    internal const int TradeEntryLength = 25;
    private const int GroupHeaderLength = 6;

    // The trades group's numInGroup maxValue in the schema.
    private const uint MaxTrades = int.MaxValue;

    private readonly BinanceSymbolMap.Resolver _symbols;
    private readonly BinanceJsonCodec _text;

    /// <param name="registry">Resolves and interns the broker's symbols.</param>
    /// <param name="symbols">Venue symbol to broker symbol; none passes venue symbols through.</param>
    public BinanceSbeCodec(SymbolRegistry registry, BinanceSymbolMap? symbols = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _symbols = (symbols ?? BinanceSymbolMap.Identity).CreateResolver(registry);
        _text = new BinanceJsonCodec(registry, symbols);
    }

    public FeedProtocol Protocol => FeedProtocol.BinanceSbe;

    public FrameDecodeResult Decode(ReadOnlySpan<byte> frame, FrameKind kind, in DecodeContext context, PriceUpdateBatch output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (kind == FrameKind.Text)
        {
            return _text.DecodeText(frame, context, output);
        }

        if (frame.IsEmpty)
        {
            return FrameDecodeResult.Fail(ParseErrorCategory.EmptyFrame, "empty frame");
        }

        if (frame.Length < HeaderLength)
        {
            return Malformed("frame shorter than the 8-byte SBE message header");
        }

        var blockLength = BinaryPrimitives.ReadUInt16LittleEndian(frame);
        var templateId = BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]);
        if (BinaryPrimitives.ReadUInt16LittleEndian(frame[4..]) != SchemaId)
        {
            return FrameDecodeResult.Fail(ParseErrorCategory.UnsupportedSbeSchema, "schema id is not 1 (Binance spot streams, stream_1_0.xml)");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]) != SchemaVersion)
        {
            return FrameDecodeResult.Fail(ParseErrorCategory.UnsupportedSbeSchema, "schema version is not 0 (stream_1_0.xml)");
        }

        return templateId switch
        {
            BestBidAskTemplate => DecodeBestBidAsk(frame, blockLength, context, output),
            TradesTemplate => DecodeTrades(frame, blockLength, context, output),

            // Order-book depth is not what the book keeps.
            DepthSnapshotTemplate or DepthDiffTemplate => FrameDecodeResult.Ignored,
            _ => FrameDecodeResult.Fail(ParseErrorCategory.UnknownSbeTemplate, "template id is not one of stream_1_0.xml's (10000-10003)"),
        };
    }

    private static FrameDecodeResult Malformed(string detail) => FrameDecodeResult.Fail(ParseErrorCategory.MalformedSbe, detail);

    /// <summary>Checks that the <c>varString8</c> at <paramref name="at"/> ends the frame exactly; null when it does, else why not.</summary>
    private static string? SymbolEndsFrame(ReadOnlySpan<byte> frame, long at, out ReadOnlySpan<byte> symbol)
    {
        symbol = default;
        if (at >= frame.Length)
        {
            return "message cut short before its symbol";
        }

        var end = at + 1 + frame[(int)at];
        if (end != frame.Length)
        {
            return end > frame.Length ? "message cut short inside its symbol" : "bytes after the end of the message";
        }

        symbol = frame[((int)at + 1)..];
        return null;
    }

    private FrameDecodeResult DecodeBestBidAsk(ReadOnlySpan<byte> frame, ushort blockLength, in DecodeContext context, PriceUpdateBatch output)
    {
        if (blockLength != BestBidAskBlockLength)
        {
            return Malformed("BestBidAskStreamEvent root block is not 50 bytes");
        }

        if (SymbolEndsFrame(frame, HeaderLength + BestBidAskBlockLength, out var symbol) is { } cut)
        {
            return Malformed(cut);
        }

        var eventTime = BinaryPrimitives.ReadInt64LittleEndian(frame[8..]);
        var bookUpdateId = BinaryPrimitives.ReadInt64LittleEndian(frame[16..]);
        var priceExponent = unchecked((sbyte)frame[24]);
        var bidMantissa = BinaryPrimitives.ReadInt64LittleEndian(frame[26..]);
        var askMantissa = BinaryPrimitives.ReadInt64LittleEndian(frame[42..]);

        // A time that cannot be true refuses the frame: its quote would outrank every true one after it.
        if (!context.TryAcceptSourceTimeMicros(eventTime, out var sourceTime, out var timeError, out var timeDetail))
        {
            return FrameDecodeResult.Fail(timeError, timeDetail);
        }

        if (!_symbols.TryResolve(symbol, out var settings))
        {
            output.AddError(ParseErrorCategory.UnknownSymbol, "unknown symbol");
            return FrameDecodeResult.Decoded;
        }

        if (!SbeDecimal.TryFrom(bidMantissa, priceExponent, out var bid) || !SbeDecimal.TryFrom(askMantissa, priceExponent, out var ask))
        {
            output.AddError(ParseErrorCategory.InvalidNumber, "price mantissa or exponent outside what a decimal holds exactly");
            return FrameDecodeResult.Decoded;
        }

        output.Add(context.Update(settings.Symbol, bid, ask, bookUpdateId, sourceTime));
        return FrameDecodeResult.Decoded;
    }

    private FrameDecodeResult DecodeTrades(ReadOnlySpan<byte> frame, ushort blockLength, in DecodeContext context, PriceUpdateBatch output)
    {
        const int groupAt = HeaderLength + TradesBlockLength;
        const int entriesAt = groupAt + GroupHeaderLength;
        if (blockLength != TradesBlockLength)
        {
            return Malformed("TradesStreamEvent root block is not 18 bytes");
        }

        if (frame.Length < entriesAt)
        {
            return Malformed("message cut short before its trades");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(frame[groupAt..]) != TradeEntryLength)
        {
            return Malformed("trades group entry is not 25 bytes");
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(frame[(groupAt + 2)..]);
        if (count > MaxTrades)
        {
            return Malformed("trades group count above the schema's maximum");
        }

        // In long: a mutated count must not overflow the offset of the symbol.
        if (SymbolEndsFrame(frame, entriesAt + ((long)count * TradeEntryLength), out var symbol) is { } cut)
        {
            return Malformed(cut);
        }

        var entries = frame.Slice(entriesAt, (int)count * TradeEntryLength);
        for (var at = TradeEntryLength - 1; at < entries.Length; at += TradeEntryLength)
        {
            if (entries[at] > 1)
            {
                return Malformed("isBuyerMaker is neither 0 nor 1");
            }
        }

        var transactTime = BinaryPrimitives.ReadInt64LittleEndian(frame[16..]);
        if (!context.TryAcceptSourceTimeMicros(transactTime, out var sourceTime, out var timeError, out var timeDetail))
        {
            return FrameDecodeResult.Fail(timeError, timeDetail);
        }

        if (!_symbols.TryResolve(symbol, out var settings))
        {
            output.AddError(ParseErrorCategory.UnknownSymbol, "unknown symbol");
            return FrameDecodeResult.Decoded;
        }

        var priceExponent = unchecked((sbyte)frame[24]);
        for (var at = 0; at < entries.Length; at += TradeEntryLength)
        {
            var entry = entries.Slice(at, TradeEntryLength);
            if (!SbeDecimal.TryFrom(BinaryPrimitives.ReadInt64LittleEndian(entry[8..]), priceExponent, out var price))
            {
                output.AddError(ParseErrorCategory.InvalidNumber, "trade price mantissa or exponent outside what a decimal holds exactly");
                continue;
            }

            output.AddTrade(new TradePrint
            {
                Symbol = settings.Symbol,
                Price = price,
                TradeId = BinaryPrimitives.ReadInt64LittleEndian(entry),
                Feed = context.Feed,
                FeedSession = context.FeedSession,
                ReceivedAt = context.ReceivedAt,
                SourceTime = sourceTime,
            });
        }

        return FrameDecodeResult.Decoded;
    }
}
