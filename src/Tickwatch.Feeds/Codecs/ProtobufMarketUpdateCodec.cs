using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs.Compression;
using Tickwatch.Feeds.Codecs.Protobuf;

namespace Tickwatch.Feeds.Codecs;

/// <summary>Decodes the reference system's zlib-compressed protobuf <c>MarketUpdate</c> binary frames.</summary>
/// <remarks>
/// <code>
/// message MarketUpdate { string type = 1; MarketPrices data = 2; uint64 seq = 3; int64 ts = 4; }
/// message MarketPrices { map&lt;string, MarketPrice&gt; market_prices = 1; }
/// message MarketPrice  { double buy = 1; double sell = 2; double spread = 3; }
/// </code>
/// Fields 3 and 4 are Tickwatch's additions (sequence, source time in Unix ms). Proto3 cannot tell an
/// absent double from 0.0, so a 0.0 side is an absent side, never a price. Doubles become decimals
/// once, here, by shortest round-trip.
/// </remarks>
public sealed class ProtobufMarketUpdateCodec : IFeedCodec, IDisposable
{
    /// <summary>Default limit on what one frame may inflate to: far above any real frame, far below a zip bomb.</summary>
    public const int DefaultMaxInflatedBytes = 4 * 1024 * 1024;

    private readonly SymbolRegistry _registry;
    private readonly int _maxInflatedBytes;
    private readonly ZlibInflater _inflater;

    public ProtobufMarketUpdateCodec(SymbolRegistry registry, int maxInflatedBytes = DefaultMaxInflatedBytes)
        : this(registry, maxInflatedBytes, ZlibInflater.Create())
    {
    }

    internal ProtobufMarketUpdateCodec(SymbolRegistry registry, int maxInflatedBytes, ZlibInflater inflater)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInflatedBytes);
        _registry = registry;
        _maxInflatedBytes = maxInflatedBytes;
        _inflater = inflater;
    }

    public FeedProtocol Protocol => FeedProtocol.Protobuf;

    public FrameDecodeResult Decode(ReadOnlySpan<byte> frame, FrameKind kind, in DecodeContext context, PriceUpdateBatch output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (kind != FrameKind.Binary)
        {
            return FrameDecodeResult.Ignored;
        }

        if (frame.IsEmpty)
        {
            return FrameDecodeResult.Fail(ParseErrorCategory.EmptyFrame, "empty frame");
        }

        switch (_inflater.Inflate(frame, _maxInflatedBytes, out var message))
        {
            case InflateStatus.Corrupt:
                return FrameDecodeResult.Fail(ParseErrorCategory.BadCompression, "corrupt or truncated zlib stream");
            case InflateStatus.TooLarge:
                return FrameDecodeResult.Fail(ParseErrorCategory.OversizedFrame, "frame inflates beyond the size limit");
        }

        // First pass over the top level only (length-delimited data is skipped in O(1)): the type,
        // sequence and time may follow the prices, and decide whether the prices are wanted at all.
        if (!MarketUpdateHeader.TryRead(message, context, out var header, out var error, out var detail))
        {
            return Fail(output, error, detail);
        }

        if (header.HasType && !header.IsMarketUpdate)
        {
            return FrameDecodeResult.Ignored;
        }

        if (!header.HasData)
        {
            return header.HasType ? Fail(output, ParseErrorCategory.UnexpectedShape, "market_update without data") : FrameDecodeResult.Ignored;
        }

        var reader = new ProtobufReader(message);
        while (!reader.IsAtEnd)
        {
            // The first pass validated the top level, so these reads succeed.
            _ = reader.TryReadTag(out var field, out var wireType);
            if (field == MarketUpdateFields.Data && wireType == WireType.LengthDelimited)
            {
                _ = reader.TryReadLengthDelimited(out var data);
                if (!TryDecodePrices(data, header, context, output))
                {
                    return Fail(output, ParseErrorCategory.MalformedProtobuf, "truncated or invalid MarketPrices");
                }
            }
            else
            {
                _ = reader.TrySkip(wireType);
            }
        }

        return FrameDecodeResult.Decoded;
    }

    public void Dispose() => _inflater.Dispose();

    private static FrameDecodeResult Fail(PriceUpdateBatch output, ParseErrorCategory category, string detail)
    {
        output.DiscardUpdates();
        return FrameDecodeResult.Fail(category, detail);
    }

    private bool TryDecodePrices(ReadOnlySpan<byte> data, in MarketUpdateHeader header, in DecodeContext context, PriceUpdateBatch output)
    {
        var reader = new ProtobufReader(data);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            if (field == MarketUpdateFields.MarketPrices && wireType == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out var entry) || !TryDecodeEntry(entry, header, context, output))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryDecodeEntry(ReadOnlySpan<byte> entry, in MarketUpdateHeader header, in DecodeContext context, PriceUpdateBatch output)
    {
        // A map entry's key and value may come in any order; a repeated one wins as the last.
        ReadOnlySpan<byte> key = default;
        ReadOnlySpan<byte> value = default;
        var reader = new ProtobufReader(entry);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            if (field == MarketUpdateFields.MapKey && wireType == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out key))
                {
                    return false;
                }
            }
            else if (field == MarketUpdateFields.MapValue && wireType == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out value))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }

        if (!TryReadSides(value, out var bidBits, out var askBits))
        {
            return false;
        }

        if (!_registry.TryResolve(key, out var settings))
        {
            output.AddError(ParseErrorCategory.UnknownSymbol, "unknown symbol");
            return true;
        }

        var bid = ToPrice(bidBits, out var bidError);
        var ask = ToPrice(askBits, out var askError);
        if ((bidError ?? askError) is { } error)
        {
            output.AddError(error, error == ParseErrorCategory.NonFiniteNumber ? "price is NaN or infinite" : "price outside the decimal range");
            return true;
        }

        if (bid is null && ask is null)
        {
            output.AddError(ParseErrorCategory.EmptyPrice, "price entry with neither buy nor sell");
            return true;
        }

        output.Add(context.Update(settings.Symbol, bid, ask, header.Sequence, header.SourceTime));
        return true;
    }

    /// <summary>Reads <c>MarketPrice</c>: <c>buy</c> is the ask, <c>sell</c> the bid; an absent field stays 0.0.</summary>
    private static bool TryReadSides(ReadOnlySpan<byte> value, out double bid, out double ask)
    {
        bid = 0d;
        ask = 0d;
        var reader = new ProtobufReader(value);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            if (field is MarketUpdateFields.Buy or MarketUpdateFields.Sell && wireType == WireType.Fixed64)
            {
                if (!reader.TryReadFixed64(out var bits))
                {
                    return false;
                }

                var side = BitConverter.UInt64BitsToDouble(bits);
                if (field == MarketUpdateFields.Buy)
                {
                    ask = side;
                }
                else
                {
                    bid = side;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }

        return true;
    }

    private static decimal? ToPrice(double value, out ParseErrorCategory? error)
    {
        error = null;

        // Proto3 writes no field for 0.0, so a zero (or -0.0) side means "not sent".
        if (value == 0d)
        {
            return null;
        }

        if (!double.IsFinite(value))
        {
            error = ParseErrorCategory.NonFiniteNumber;
            return null;
        }

        if (!DecimalConversion.TryFromDouble(value, out var price))
        {
            error = ParseErrorCategory.InvalidNumber;
            return null;
        }

        return price;
    }
}
