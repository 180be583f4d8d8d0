using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>Decodes Binance spot JSON market streams: <c>bookTicker</c> quotes, <c>trade</c> and <c>aggTrade</c> prints, and the control messages.</summary>
/// <remarks>
/// <para>
/// A frame is a raw payload (<c>/ws/…</c>) or the same payload in the combined envelope
/// <c>{"stream":"…","data":{…}}</c> (<c>/stream?streams=…</c>); both are read by content, so either connection works.
/// A <c>bookTicker</c> (<c>{"u":…,"s":…,"b":"…","B":…,"a":"…","A":…}</c>, no <c>e</c>) is a quote whose update id
/// <c>u</c> is its sequence: the book never lets an older update id of a symbol overwrite a newer one. A <c>trade</c>
/// or <c>aggTrade</c> is a <see cref="TradePrint"/>, never a quote. Prices are decimal strings, read exactly.
/// </para>
/// <para>
/// Subscription results and errors and <c>serverShutdown</c> are control messages (<see cref="FrameDecodeResult.Control"/>);
/// other events (depth, klines) are ignored. The whole frame is read before anything is judged, so a frame that is not
/// valid JSON is always <c>malformed_json</c>, whatever its shape looked like first.
/// </para>
/// </remarks>
public sealed class BinanceJsonCodec : IFeedCodec
{
    // Longest raw (possibly escaped) symbol that can still unescape to SymbolRegistry.MaxSymbolLength characters.
    private const int MaxRawSymbolBytes = SymbolRegistry.MaxSymbolLength * 6;
    private const int MaxRawNumberBytes = 128;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    private readonly BinanceSymbolMap.Resolver _symbols;
    private readonly byte[] _unescaped = new byte[Math.Max(MaxRawSymbolBytes, MaxRawNumberBytes)];

    /// <param name="registry">Resolves and interns the broker's symbols.</param>
    /// <param name="symbols">Venue symbol to broker symbol; none passes venue symbols through.</param>
    public BinanceJsonCodec(SymbolRegistry registry, BinanceSymbolMap? symbols = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _symbols = (symbols ?? BinanceSymbolMap.Identity).CreateResolver(registry);
    }

    private enum EventType : byte
    {
        None,
        Trade,
        AggTrade,
        ServerShutdown,
        Other,
        NotAString,
    }

    public FeedProtocol Protocol => FeedProtocol.BinanceJson;

    public FrameDecodeResult Decode(ReadOnlySpan<byte> frame, FrameKind kind, in DecodeContext context, PriceUpdateBatch output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return kind == FrameKind.Text ? DecodeText(frame, context, output) : FrameDecodeResult.Ignored;
    }

    /// <summary>Decodes one text frame; the SBE codec hands its text frames (control messages) here too.</summary>
    internal FrameDecodeResult DecodeText(ReadOnlySpan<byte> frame, in DecodeContext context, PriceUpdateBatch output)
    {
        if (frame.IsEmpty)
        {
            return FrameDecodeResult.Fail(ParseErrorCategory.EmptyFrame, "empty frame");
        }

        var top = default(Fields);
        var payload = default(Fields);
        try
        {
            if (!TryReadFrame(frame, ref top, ref payload))
            {
                return FrameDecodeResult.Fail(ParseErrorCategory.UnexpectedShape, "message is not a JSON object");
            }
        }
        catch (JsonException)
        {
            // Utf8JsonReader reports bad syntax only by throwing; bad frames are rare, so the cost is acceptable.
            return FrameDecodeResult.Fail(ParseErrorCategory.MalformedJson, "invalid or truncated JSON");
        }

        if (top.HasData)
        {
            return top.DataIsObject ? Interpret(frame, payload, context, output) : Shape("data is not an object");
        }

        if (top.HasStream)
        {
            return Shape("stream without data");
        }

        // Answers to requests are never wrapped (FORMAT.md §2.4).
        if (top.Event == EventType.None)
        {
            if (top.HasError || (top.HasCode && top.HasMsg))
            {
                return FrameDecodeResult.ControlMessage(FeedControl.SubscriptionError, SubscriptionErrorDetail(frame));
            }

            if (top.HasResult && top.HasId)
            {
                return FrameDecodeResult.ControlMessage(FeedControl.SubscriptionResult);
            }
        }

        return Interpret(frame, top, context, output);
    }

    /// <summary>The venue's code and message of a refused request, for the operator's log line; a rare frame, so it may allocate.</summary>
    private static string SubscriptionErrorDetail(ReadOnlySpan<byte> frame)
    {
        const int MaxMessageChars = 200;
        using var document = JsonDocument.Parse(frame.ToArray());
        var root = document.RootElement;
        var error = root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
        var code = error.TryGetProperty("code", out var c) ? c.GetRawText() : "none";
        var message = error.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
        var id = root.TryGetProperty("id", out var i) ? i.GetRawText() : "none";
        if (message.Length > MaxMessageChars)
        {
            message = message[..MaxMessageChars] + "…";
        }

        return $"code {code}: {message} (request id {id})";
    }

    private static FrameDecodeResult Shape(string detail) => FrameDecodeResult.Fail(ParseErrorCategory.UnexpectedShape, detail);

    /// <summary>Reads the whole frame (so bad syntax anywhere throws); false when it is valid JSON but not an object.</summary>
    private static bool TryReadFrame(ReadOnlySpan<byte> frame, ref Fields top, ref Fields payload)
    {
        var reader = new Utf8JsonReader(frame, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("empty");
        }

        var isObject = reader.TokenType == JsonTokenType.StartObject;
        if (isObject)
        {
            ReadObject(ref reader, ref top, ref payload, envelope: true);
        }
        else
        {
            reader.Skip();
        }

        // Anything but whitespace after the message makes the reader throw here.
        while (reader.Read())
        {
        }

        return isObject;
    }

    /// <summary>Notes where each field of interest is, positioned on the object's start; a later duplicate wins.</summary>
    private static void ReadObject(ref Utf8JsonReader reader, ref Fields fields, ref Fields payload, bool envelope)
    {
        while (true)
        {
            _ = reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var name = reader.ValueIsEscaped ? default : reader.ValueSpan;
            _ = reader.Read();
            if (name.Length == 1)
            {
                switch (name[0])
                {
                    case (byte)'e':
                        fields.Event = reader.TokenType == JsonTokenType.String ? EventOf(ref reader) : EventType.NotAString;
                        reader.Skip();
                        continue;
                    case (byte)'u':
                        fields.UpdateId = Value.Of(ref reader);
                        continue;
                    case (byte)'s':
                        fields.Symbol = Value.Of(ref reader);
                        continue;
                    case (byte)'b':
                        fields.Bid = Value.Of(ref reader);
                        continue;
                    case (byte)'a':
                        fields.Ask = Value.Of(ref reader);
                        continue;
                    case (byte)'p':
                        fields.Price = Value.Of(ref reader);
                        continue;
                    case (byte)'t':
                        fields.TradeId = Value.Of(ref reader);
                        continue;
                    case (byte)'l':
                        fields.LastTradeId = Value.Of(ref reader);
                        continue;
                    case (byte)'T':
                        fields.TradeTime = Value.Of(ref reader);
                        continue;
                    case (byte)'E':
                        fields.EventTime = Value.Of(ref reader);
                        continue;
                }
            }
            else if (envelope && name.SequenceEqual("data"u8))
            {
                fields.HasData = true;
                fields.DataIsObject = reader.TokenType == JsonTokenType.StartObject;
                if (fields.DataIsObject)
                {
                    ReadObject(ref reader, ref payload, ref payload, envelope: false);
                    continue;
                }
            }
            else if (envelope && name.SequenceEqual("stream"u8))
            {
                fields.HasStream = true;
            }
            else if (name.SequenceEqual("result"u8))
            {
                fields.HasResult = true;
            }
            else if (name.SequenceEqual("id"u8))
            {
                fields.HasId = true;
            }
            else if (name.SequenceEqual("error"u8))
            {
                fields.HasError = true;
            }
            else if (name.SequenceEqual("code"u8))
            {
                fields.HasCode = true;
            }
            else if (name.SequenceEqual("msg"u8))
            {
                fields.HasMsg = true;
            }
            else if (name.SequenceEqual("lastUpdateId"u8))
            {
                fields.HasLastUpdateId = true;
            }

            reader.Skip();
        }
    }

    private static EventType EventOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("trade"u8) ? EventType.Trade
        : reader.ValueTextEquals("aggTrade"u8) ? EventType.AggTrade
        : reader.ValueTextEquals("serverShutdown"u8) ? EventType.ServerShutdown
        : EventType.Other;

    private FrameDecodeResult Interpret(ReadOnlySpan<byte> frame, in Fields message, in DecodeContext context, PriceUpdateBatch output) =>
        message.Event switch
        {
            EventType.ServerShutdown => FrameDecodeResult.ControlMessage(FeedControl.ServerShutdown),
            EventType.Trade => DecodeTrade(frame, message, message.TradeId, context, output),

            // An aggregate trade's last trade id is in the same id space as a trade's t.
            EventType.AggTrade => DecodeTrade(frame, message, message.LastTradeId, context, output),
            EventType.Other => FrameDecodeResult.Ignored,
            EventType.NotAString => Shape("e is not a string"),
            _ when message.UpdateId.Present || message.Bid.Present || message.Ask.Present => DecodeBookTicker(frame, message, context, output),

            // A partial depth snapshot (depth5/10/20) carries no e either; it is not for the book.
            _ when message.HasLastUpdateId => FrameDecodeResult.Ignored,
            _ => Shape("not a Binance stream message"),
        };

    private FrameDecodeResult DecodeBookTicker(ReadOnlySpan<byte> frame, in Fields message, in DecodeContext context, PriceUpdateBatch output)
    {
        if (!TryReadInt64(frame, message.UpdateId, out var updateId))
        {
            return Shape("bookTicker u is not a 64-bit integer");
        }

        if (message.Symbol.Type != JsonTokenType.String)
        {
            return Shape("bookTicker s is not a string");
        }

        if (!message.Bid.IsScalar || !message.Ask.IsScalar)
        {
            return Shape("bookTicker without b and a");
        }

        if (!TryResolveSymbol(frame, message.Symbol, out var settings))
        {
            output.AddError(ParseErrorCategory.UnknownSymbol, "unknown symbol");
            return FrameDecodeResult.Decoded;
        }

        if (!TryReadPrice(frame, message.Bid, out var bid) || !TryReadPrice(frame, message.Ask, out var ask))
        {
            output.AddError(ParseErrorCategory.InvalidNumber, "price is not a decimal number");
            return FrameDecodeResult.Decoded;
        }

        output.Add(context.Update(settings.Symbol, bid, ask, updateId, null));
        return FrameDecodeResult.Decoded;
    }

    private FrameDecodeResult DecodeTrade(ReadOnlySpan<byte> frame, in Fields message, in Value id, in DecodeContext context, PriceUpdateBatch output)
    {
        if (message.Symbol.Type != JsonTokenType.String)
        {
            return Shape("trade s is not a string");
        }

        if (!message.Price.IsScalar)
        {
            return Shape("trade without p");
        }

        if (!TryReadInt64(frame, id, out var tradeId))
        {
            return Shape("trade id is not a 64-bit integer");
        }

        // The trade's own time, else the event's; a time that cannot be true refuses the frame, as for quotes.
        var time = message.TradeTime.Present ? message.TradeTime : message.EventTime;
        DateTimeOffset? sourceTime = null;
        if (time.Present)
        {
            if (!TryReadInt64(frame, time, out var milliseconds))
            {
                return Shape("trade time is not an integer time in Unix milliseconds");
            }

            if (!context.TryAcceptSourceTime(milliseconds, out var accepted, out var timeError, out var timeDetail))
            {
                return FrameDecodeResult.Fail(timeError, timeDetail);
            }

            sourceTime = accepted;
        }

        if (!TryResolveSymbol(frame, message.Symbol, out var settings))
        {
            output.AddError(ParseErrorCategory.UnknownSymbol, "unknown symbol");
            return FrameDecodeResult.Decoded;
        }

        if (!TryReadPrice(frame, message.Price, out var price))
        {
            output.AddError(ParseErrorCategory.InvalidNumber, "trade price is not a decimal number");
            return FrameDecodeResult.Decoded;
        }

        output.AddTrade(new TradePrint
        {
            Symbol = settings.Symbol,
            Price = price,
            TradeId = tradeId,
            Feed = context.Feed,
            FeedSession = context.FeedSession,
            ReceivedAt = context.ReceivedAt,
            SourceTime = sourceTime,
        });
        return FrameDecodeResult.Decoded;
    }

    private static bool TryReadInt64(ReadOnlySpan<byte> frame, in Value value, out long result)
    {
        result = 0;
        return value.Type == JsonTokenType.Number
            && Utf8Parser.TryParse(value.In(frame), out result, out var consumed)
            && consumed == value.Length;
    }

    private bool TryResolveSymbol(ReadOnlySpan<byte> frame, in Value symbol, [NotNullWhen(true)] out SymbolSettings? settings)
    {
        if (!symbol.Escaped)
        {
            return _symbols.TryResolve(symbol.In(frame), out settings);
        }

        settings = null;
        return symbol.Length <= MaxRawSymbolBytes && TryUnescape(frame, symbol, out var length) && _symbols.TryResolve(_unescaped.AsSpan(0, length), out settings);
    }

    /// <summary>A price as Binance writes it, a decimal string (a bare number is taken too), read exactly; never through a double.</summary>
    private bool TryReadPrice(ReadOnlySpan<byte> frame, in Value value, out decimal price)
    {
        price = default;
        ReadOnlySpan<byte> text;
        if (!value.Escaped)
        {
            text = value.In(frame);
        }
        else if (value.Length <= MaxRawNumberBytes && TryUnescape(frame, value, out var length))
        {
            text = _unescaped.AsSpan(0, length);
        }
        else
        {
            return false;
        }

        // More than 19 digits is legal but rare: the general parser, still without an exponent or a double.
        return PlainDecimal.TryParse(text, out price)
            || decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out price);
    }

    /// <summary>Unescapes a string value by reading it, quotes included, as a JSON document of its own; rare, so unhurried.</summary>
    private bool TryUnescape(ReadOnlySpan<byte> frame, in Value value, out int length)
    {
        length = 0;
        var quoted = frame.Slice(value.Start - 1, value.Length + 2);
        var reader = new Utf8JsonReader(quoted, ReaderOptions);
        try
        {
            // The callers keep the raw value within the buffer, and unescaping only shortens it.
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            length = reader.CopyString(_unescaped);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Where a scalar value sits in the frame (a string's content without its quotes), and its token type.</summary>
    private readonly record struct Value(int Start, int Length, JsonTokenType Type, bool Escaped)
    {
        public bool Present => Type != JsonTokenType.None;

        /// <summary>A string or a number, the only things a price may be.</summary>
        public bool IsScalar => Type is JsonTokenType.String or JsonTokenType.Number;

        public static Value Of(ref Utf8JsonReader reader)
        {
            var type = reader.TokenType;
            if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                return new Value(0, 0, type, false);
            }

            var start = checked((int)reader.TokenStartIndex) + (type == JsonTokenType.String ? 1 : 0);
            return new Value(start, reader.ValueSpan.Length, type, type == JsonTokenType.String && reader.ValueIsEscaped);
        }

        public ReadOnlySpan<byte> In(ReadOnlySpan<byte> frame) => frame.Slice(Start, Length);
    }

    /// <summary>The fields of one message object that decide what it is.</summary>
    private struct Fields
    {
        public EventType Event;
        public Value UpdateId;
        public Value Symbol;
        public Value Bid;
        public Value Ask;
        public Value Price;
        public Value TradeId;
        public Value LastTradeId;
        public Value TradeTime;
        public Value EventTime;
        public bool HasData;
        public bool DataIsObject;
        public bool HasStream;
        public bool HasResult;
        public bool HasId;
        public bool HasError;
        public bool HasCode;
        public bool HasMsg;
        public bool HasLastUpdateId;
    }
}
