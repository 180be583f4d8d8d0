using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Feeds.Codecs;

/// <summary>Decodes the reference system's JSON <c>market_update</c> text frames.</summary>
/// <remarks>
/// <c>{"type":"market_update","seq":N,"ts":MS,"data":{"market_prices":{"EURUSD":{"buy":1.0852,"sell":1.0850}}}}</c>:
/// <c>buy</c> is the ask, <c>sell</c> the bid; either may be absent or null, a number or a string. <c>seq</c>
/// and <c>ts</c> (Unix ms) are Tickwatch's additions and may come before or after <c>data</c>, so prices are
/// collected in a reused scratch list and handed over once the whole frame is known to be good.
/// </remarks>
public sealed class JsonMarketUpdateCodec : IFeedCodec
{
    // Longest raw (possibly escaped) symbol that can still unescape to SymbolRegistry.MaxSymbolLength characters.
    private const int MaxRawSymbolBytes = SymbolRegistry.MaxSymbolLength * 6;
    private const int MaxRawNumberBytes = 128;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    private readonly SymbolRegistry _registry;
    private readonly byte[] _unescaped = new byte[Math.Max(MaxRawSymbolBytes, MaxRawNumberBytes)];
    private WirePrice[] _prices = new WirePrice[64];
    private EntryError[] _errors = new EntryError[16];
    private int _priceCount;
    private int _errorCount;

    public JsonMarketUpdateCodec(SymbolRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    private enum MessageType
    {
        NotSeen,
        MarketUpdate,
        Other,
    }

    private enum ScannedType
    {
        Malformed,
        MarketUpdateOrNone,
        Other,
    }

    public FeedProtocol Protocol => FeedProtocol.Json;

    public FrameDecodeResult Decode(ReadOnlySpan<byte> frame, FrameKind kind, in DecodeContext context, PriceUpdateBatch output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (kind != FrameKind.Text)
        {
            return FrameDecodeResult.Ignored;
        }

        if (frame.IsEmpty)
        {
            return FrameDecodeResult.Fail(ParseErrorCategory.EmptyFrame, "empty frame");
        }

        _priceCount = 0;
        _errorCount = 0;
        FrameDecodeResult result;
        long? sequence = null;
        long? sourceMilliseconds = null;
        try
        {
            result = DecodeMessage(frame, ref sequence, ref sourceMilliseconds);
        }
        catch (JsonException)
        {
            // Utf8JsonReader reports bad syntax only by throwing; bad frames are rare, so the cost is acceptable.
            result = DecodeWithQuotedNonFiniteLiterals(frame, ref sequence, ref sourceMilliseconds);
        }

        if (result.Outcome == FrameOutcome.Ignored)
        {
            return result;
        }

        for (var i = 0; i < _errorCount; i++)
        {
            output.AddError(_errors[i].Category, _errors[i].Detail);
        }

        if (result.Outcome == FrameOutcome.Failed)
        {
            output.DiscardUpdates();
            return result;
        }

        // A time that cannot be true refuses the whole frame: its prices would outrank every true one after them.
        DateTimeOffset? sourceTime = null;
        if (sourceMilliseconds is { } milliseconds)
        {
            if (!context.TryAcceptSourceTime(milliseconds, out var accepted, out var timeError, out var timeDetail))
            {
                output.DiscardUpdates();
                return FrameDecodeResult.Fail(timeError, timeDetail);
            }

            sourceTime = accepted;
        }

        for (var i = 0; i < _priceCount; i++)
        {
            ref readonly var price = ref _prices[i];
            output.Add(context.Update(price.Symbol, price.Bid, price.Ask, sequence, sourceTime));
        }

        return result;
    }

    /// <summary>
    /// The failure path: a frame that is JSON but for bare <c>NaN</c>/<c>Infinity</c> (as Python writes them) is read
    /// again with those quoted, so each costs only its entry (<c>non_finite_number</c>); anything else is malformed.
    /// </summary>
    private FrameDecodeResult DecodeWithQuotedNonFiniteLiterals(ReadOnlySpan<byte> frame, ref long? sequence, ref long? sourceMilliseconds)
    {
        var literals = BareNonFiniteLiterals.Count(frame);
        if (literals == 0)
        {
            return Malformed();
        }

        var quoted = ArrayPool<byte>.Shared.Rent(frame.Length + (2 * literals));
        try
        {
            var length = BareNonFiniteLiterals.Quote(frame, quoted);
            _priceCount = 0;
            _errorCount = 0;
            sequence = null;
            sourceMilliseconds = null;
            return DecodeMessage(quoted.AsSpan(0, length), ref sequence, ref sourceMilliseconds);
        }
        catch (JsonException)
        {
            return Malformed();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(quoted);
        }
    }

    private FrameDecodeResult DecodeMessage(ReadOnlySpan<byte> frame, ref long? sequence, ref long? sourceMilliseconds)
    {
        var reader = new Utf8JsonReader(frame, ReaderOptions);
        if (!reader.Read())
        {
            return Malformed();
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return ShapeFailure(frame, MessageType.NotSeen, "message is not a JSON object");
        }

        var type = MessageType.NotSeen;
        var sawData = false;
        while (true)
        {
            if (!reader.Read())
            {
                return Malformed();
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.ValueTextEquals("type"u8))
            {
                _ = reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    type = reader.ValueTextEquals("market_update"u8) ? MessageType.MarketUpdate : MessageType.Other;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return ShapeFailure(frame, type, "type is not a string");
                }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                _ = reader.Read();
                if (type == MessageType.Other || reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return ShapeFailure(frame, type, "data is not an object");
                }

                if (!TryReadData(ref reader, out var shapeError))
                {
                    return ShapeFailure(frame, type, shapeError);
                }

                sawData = true;
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                _ = reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    sequence = value;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return ShapeFailure(frame, type, "seq is not a 64-bit integer");
                }
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                _ = reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    // Checked against the clock once the frame is known good; a number no int64 holds is beyond any date, or not a time.
                    sourceMilliseconds = reader.TryGetInt64(out var value) ? value
                        : reader.TryGetDouble(out var approximate) && approximate >= long.MaxValue ? long.MaxValue
                        : 0;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return ShapeFailure(frame, type, "ts is not an integer time in Unix milliseconds");
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // Anything but whitespace after the message makes the reader throw here.
        if (reader.Read())
        {
            return Malformed();
        }

        return type switch
        {
            MessageType.Other => FrameDecodeResult.Ignored,
            _ when sawData => FrameDecodeResult.Decoded,
            MessageType.MarketUpdate => ShapeFailure(frame, type, "market_update without data"),
            _ => FrameDecodeResult.Ignored,
        };
    }

    /// <summary>Reads <c>data</c>, positioned on its start; false with a static reason on a wrong shape.</summary>
    private bool TryReadData(ref Utf8JsonReader reader, out string shapeError)
    {
        shapeError = "";
        var sawPrices = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (!reader.ValueTextEquals("market_prices"u8))
            {
                reader.Skip();
                continue;
            }

            _ = reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                shapeError = "market_prices is not an object";
                return false;
            }

            if (!TryReadPrices(ref reader, out shapeError))
            {
                return false;
            }

            sawPrices = true;
        }

        if (!sawPrices)
        {
            shapeError = "data without market_prices";
            return false;
        }

        return true;
    }

    private bool TryReadPrices(ref Utf8JsonReader reader, out string shapeError)
    {
        shapeError = "";
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var known = TryResolveSymbol(ref reader, out var settings);
            _ = reader.Read();
            decimal? bid = null;
            decimal? ask = null;
            ParseErrorCategory? error = null;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadPrice(ref reader, out bid, out ask, out error);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                shapeError = "price entry is not an object";
                return false;
            }

            if (!known)
            {
                AddError(ParseErrorCategory.UnknownSymbol, "unknown symbol");
            }
            else if (error is { } category)
            {
                AddError(category, category == ParseErrorCategory.NonFiniteNumber ? "price is NaN or infinite" : "price is not a decimal number");
            }
            else if (bid is null && ask is null)
            {
                AddError(ParseErrorCategory.EmptyPrice, "price entry with neither buy nor sell");
            }
            else
            {
                AddPrice(new WirePrice(settings!.Symbol, bid, ask));
            }
        }

        return true;
    }

    private bool TryResolveSymbol(ref Utf8JsonReader reader, out SymbolSettings? settings)
    {
        if (!reader.ValueIsEscaped)
        {
            return _registry.TryResolve(reader.ValueSpan, out settings);
        }

        if (reader.ValueSpan.Length > MaxRawSymbolBytes)
        {
            settings = null;
            return false;
        }

        var length = reader.CopyString(_unescaped);
        return _registry.TryResolve(_unescaped.AsSpan(0, length), out settings);
    }

    /// <summary>Reads one <c>{"buy":..,"sell":..}</c>, positioned on its start; the first bad side decides the error.</summary>
    private void ReadPrice(ref Utf8JsonReader reader, out decimal? bid, out decimal? ask, out ParseErrorCategory? error)
    {
        bid = null;
        ask = null;
        error = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var isBuy = reader.ValueTextEquals("buy"u8);
            if (!isBuy && !reader.ValueTextEquals("sell"u8))
            {
                reader.Skip();
                continue;
            }

            _ = reader.Read();
            var value = ReadSide(ref reader, out var sideError);
            error ??= sideError;
            if (isBuy)
            {
                ask = value;
            }
            else
            {
                bid = value;
            }
        }
    }

    private decimal? ReadSide(ref Utf8JsonReader reader, out ParseErrorCategory? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (PlainDecimal.TryParse(reader.ValueSpan, out var number) || reader.TryGetDecimal(out number))
                {
                    return number;
                }

                error = ParseErrorCategory.InvalidNumber;
                return null;
            case JsonTokenType.String:
                return ParseString(ref reader, out error);
            default:
                reader.Skip();
                error = ParseErrorCategory.InvalidNumber;
                return null;
        }
    }

    private decimal? ParseString(ref Utf8JsonReader reader, out ParseErrorCategory? error)
    {
        error = null;
        ReadOnlySpan<byte> text;
        if (!reader.ValueIsEscaped)
        {
            text = reader.ValueSpan;
        }
        else if (reader.ValueSpan.Length <= MaxRawNumberBytes)
        {
            text = _unescaped.AsSpan(0, reader.CopyString(_unescaped));
        }
        else
        {
            error = ParseErrorCategory.InvalidNumber;
            return null;
        }

        if (PlainDecimal.TryParse(text, out var value) || decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return value;
        }

        error = IsNonFiniteLiteral(text) ? ParseErrorCategory.NonFiniteNumber : ParseErrorCategory.InvalidNumber;
        return null;
    }

    /// <summary>NaN, Infinity or Inf, in any case, with an optional sign, as other systems print non-finite doubles.</summary>
    private static bool IsNonFiniteLiteral(ReadOnlySpan<byte> text)
    {
        text = text.Trim(" \t\r\n"u8);
        if (!text.IsEmpty && text[0] is (byte)'+' or (byte)'-')
        {
            text = text[1..];
        }

        return Ascii.EqualsIgnoreCase(text, "nan"u8) || Ascii.EqualsIgnoreCase(text, "infinity"u8) || Ascii.EqualsIgnoreCase(text, "inf"u8);
    }

    /// <summary>
    /// A wrong shape fails the frame, unless the frame is not valid JSON after all (it is malformed then)
    /// or is another message type whose <c>type</c> comes later (it is ignored then). Bad frames are
    /// rare, so a second scan of the frame to tell these apart is cheap enough.
    /// </summary>
    private static FrameDecodeResult ShapeFailure(ReadOnlySpan<byte> frame, MessageType type, string detail)
    {
        var scanned = ScanType(frame);
        if (scanned == ScannedType.Malformed)
        {
            return Malformed();
        }

        return type == MessageType.Other || (type == MessageType.NotSeen && scanned == ScannedType.Other)
            ? FrameDecodeResult.Ignored
            : FrameDecodeResult.Fail(ParseErrorCategory.UnexpectedShape, detail);
    }

    /// <summary>Validates the whole frame and reads only its top-level <c>type</c>.</summary>
    private static ScannedType ScanType(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, ReaderOptions);
        var other = false;
        try
        {
            if (!reader.Read())
            {
                return ScannedType.Malformed;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isType = reader.ValueTextEquals("type"u8);
                    _ = reader.Read();
                    if (isType && reader.TokenType == JsonTokenType.String)
                    {
                        other = !reader.ValueTextEquals("market_update"u8);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }

            // Throws on anything but whitespace after the value.
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            return ScannedType.Malformed;
        }

        return other ? ScannedType.Other : ScannedType.MarketUpdateOrNone;
    }

    private static FrameDecodeResult Malformed() => FrameDecodeResult.Fail(ParseErrorCategory.MalformedJson, "invalid or truncated JSON");

    private void AddPrice(in WirePrice price)
    {
        if (_priceCount == _prices.Length)
        {
            Array.Resize(ref _prices, _prices.Length * 2);
        }

        _prices[_priceCount++] = price;
    }

    private void AddError(ParseErrorCategory category, string detail)
    {
        if (_errorCount == _errors.Length)
        {
            Array.Resize(ref _errors, _errors.Length * 2);
        }

        _errors[_errorCount++] = new EntryError(category, detail);
    }
}
