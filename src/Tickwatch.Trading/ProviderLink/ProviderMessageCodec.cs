using System.Buffers;
using System.Globalization;
using MessagePack;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>
/// The MessagePack payload of one provider-link message: a map with string keys, <c>t</c> naming the message
/// (<c>new_order</c>, <c>close</c>, <c>cancel</c>, <c>modify</c>, <c>exec_report</c>), decimals as invariant strings so
/// that no price passes through a double, times as Unix milliseconds. Written and read by hand with
/// MessagePack-CSharp's <c>MessagePackWriter</c> and <c>MessagePackReader</c>: no reflection, no dynamic resolver, and a
/// reader that refuses bad input with a <see cref="ProviderFrameError"/> instead of throwing.
/// </summary>
public static class ProviderMessageCodec
{
    /// <summary>Longest id (<c>cl_ord_id</c>, <c>order_id</c>, <c>report_id</c>, <c>account</c>), in UTF-8 bytes.</summary>
    public const int MaxIdBytes = 128;

    /// <summary>Longest <c>reason</c>, in UTF-8 bytes.</summary>
    public const int MaxReasonBytes = 512;

    // An unknown field may hold a small structure (forward compatibility), never a deep one.
    private const int MaxSkipDepth = 8;

    private const int MaxDecimalBytes = 40;

    // Ids and reasons must be real text: a lone byte of garbage is refused, not turned into U+FFFD.
    [ThreadStatic]
    private static byte[]? t_decimalText;

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the payload of <paramref name="message"/> (no length prefix).</summary>
    /// <exception cref="ArgumentException">An id, symbol or reason is longer than the link allows.</exception>
    public static void Encode(ProviderMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        CheckLengths(message);
        var writer = new MessagePackWriter(output);
        switch (message)
        {
            case NewOrderRequest order:
                writer.WriteMapHeader(8 + (order.Price is null ? 0 : 1));
                WriteCommon(ref writer, "new_order"u8, order);
                WriteField(ref writer, "side"u8, TradingWire.Of(OrderTypeRules.SideOf(order.Type)));
                WriteField(ref writer, "ord_type"u8, OrdTypeOf(order.Type));
                WriteDecimal(ref writer, "qty"u8, order.Volume);
                WriteDecimal(ref writer, "price"u8, order.Price);
                break;
            case CloseRequest close:
                writer.WriteMapHeader(7);
                WriteCommon(ref writer, "close"u8, close);
                WriteField(ref writer, "side"u8, TradingWire.Of(close.Side));
                WriteDecimal(ref writer, "qty"u8, close.Volume);
                break;
            case CancelRequest cancel:
                writer.WriteMapHeader(5);
                WriteCommon(ref writer, "cancel"u8, cancel);
                break;
            case ModifyRequest modify:
                writer.WriteMapHeader(5 + (modify.Price is null ? 0 : 1) + (modify.Volume is null ? 0 : 1));
                WriteCommon(ref writer, "modify"u8, modify);
                WriteDecimal(ref writer, "price"u8, modify.Price);
                WriteDecimal(ref writer, "qty"u8, modify.Volume);
                break;
            case ExecutionReport report:
                writer.WriteMapHeader(10 + (report.AveragePrice is null ? 0 : 1) + (report.Price is null ? 0 : 1) + (report.Reason is null ? 0 : 1));
                WriteCommon(ref writer, "exec_report"u8, report);
                WriteField(ref writer, "report_id"u8, report.ReportId);
                WriteField(ref writer, "ord_status"u8, StatusName(report.Status));
                WriteField(ref writer, "side"u8, TradingWire.Of(report.Side));
                WriteDecimal(ref writer, "cumqty"u8, report.CumulativeQuantity);
                WriteDecimal(ref writer, "avgpx"u8, report.AveragePrice);
                WriteDecimal(ref writer, "price"u8, report.Price);
                if (report.Reason is not null)
                {
                    WriteField(ref writer, "reason"u8, report.Reason);
                }

                writer.WriteString("ts"u8);
                writer.Write(report.TransactTime.ToUnixTimeMilliseconds());
                break;
            default:
                throw new ArgumentException($"{message.GetType().Name} is not a provider-link message.", nameof(message));
        }

        writer.Flush();
    }

    /// <summary>Reads one payload; never throws on bad input.</summary>
    /// <returns><see cref="ProviderFrameError.None"/> with the message, or why the payload was refused with a detail naming the field.</returns>
    public static ProviderFrameError Decode(ReadOnlySequence<byte> payload, out ProviderMessage? message, out string? detail)
    {
        message = null;
        detail = null;
        if (payload.IsEmpty)
        {
            detail = "empty frame";
            return ProviderFrameError.Empty;
        }

        try
        {
            var reader = new MessagePackReader(payload);
            if (reader.NextMessagePackType == MessagePackType.Unknown)
            {
                detail = $"code 0x{reader.NextCode:x2} is not MessagePack";
                return ProviderFrameError.InvalidMessagePack;
            }

            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                detail = $"payload is a {reader.NextMessagePackType}, not a map";
                return ProviderFrameError.NotAMap;
            }

            var fields = new Fields();
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                fields.Read(ref reader);
            }

            if (!reader.End)
            {
                detail = $"{payload.Length - reader.Consumed} bytes after the message";
                return ProviderFrameError.TrailingBytes;
            }

            message = fields.Build();
            return ProviderFrameError.None;
        }
        catch (FieldException e)
        {
            detail = e.Message;
            return e.Error;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            detail = e.Message;
            return ProviderFrameError.InvalidMessagePack;
        }
    }

    /// <summary>The wire name of <paramref name="status"/>: <c>EXECUTED</c>, <c>PENDING</c>, <c>REJECTED</c>, <c>CANCELLED</c>, <c>MODIFY</c>.</summary>
    public static string StatusName(ProviderOrderStatus status) => status switch
    {
        ProviderOrderStatus.Executed => "EXECUTED",
        ProviderOrderStatus.Pending => "PENDING",
        ProviderOrderStatus.Rejected => "REJECTED",
        ProviderOrderStatus.Cancelled => "CANCELLED",
        ProviderOrderStatus.Modify => "MODIFY",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static string OrdTypeOf(OrderType type) => type switch
    {
        OrderType.Buy or OrderType.Sell => "MARKET",
        OrderType.BuyLimit or OrderType.SellLimit => "LIMIT",
        _ => "STOP",
    };

    private static void CheckLengths(ProviderMessage message)
    {
        CheckLength(message.ClientOrderId, MaxIdBytes, nameof(message.ClientOrderId));
        CheckLength(message.OrderId, MaxIdBytes, nameof(message.OrderId));
        CheckLength(message.Symbol, SymbolRegistry.MaxSymbolLength, nameof(message.Symbol));
        if (message is ExecutionReport report)
        {
            CheckLength(report.ReportId, MaxIdBytes, nameof(report.ReportId));
            if (report.Reason is not null)
            {
                CheckLength(report.Reason, MaxReasonBytes, nameof(report.Reason));
            }
        }
    }

    private static void CheckLength(string value, int max, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(value) > max)
        {
            throw new ArgumentException($"{name} must be 1 to {max} UTF-8 bytes.", name);
        }
    }

    private static void WriteCommon(ref MessagePackWriter writer, ReadOnlySpan<byte> type, ProviderMessage message)
    {
        writer.WriteString("t"u8);
        writer.WriteString(type);
        WriteField(ref writer, "cl_ord_id"u8, message.ClientOrderId);
        WriteField(ref writer, "order_id"u8, message.OrderId);
        WriteField(ref writer, "account"u8, message.Account.ToString());
        WriteField(ref writer, "symbol"u8, message.Symbol);
    }

    private static void WriteField(ref MessagePackWriter writer, ReadOnlySpan<byte> key, string value)
    {
        writer.WriteString(key);
        writer.Write(value);
    }

    private static void WriteDecimal(ref MessagePackWriter writer, ReadOnlySpan<byte> key, decimal? value)
    {
        if (value is not { } number)
        {
            return;
        }

        writer.WriteString(key);
        var text = t_decimalText ??= new byte[MaxDecimalBytes];
        number.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        writer.WriteString(text.AsSpan(0, written));
    }

    /// <summary>A refusal found while reading a field, carried to <see cref="Decode"/>'s one catch.</summary>
    private sealed class FieldException(ProviderFrameError error, string message) : Exception(message)
    {
        public ProviderFrameError Error { get; } = error;
    }

    /// <summary>The fields of one message as read, in any order, then checked against what its type requires.</summary>
    private ref struct Fields
    {
        private string? _type;
        private string? _clientOrderId;
        private string? _orderId;
        private string? _account;
        private string? _symbol;
        private TradeSide? _side;
        private string? _ordType;
        private decimal? _quantity;
        private decimal? _price;
        private string? _reportId;
        private ProviderOrderStatus? _status;
        private decimal? _cumulativeQuantity;
        private decimal? _averagePrice;
        private string? _reason;
        private long? _time;

        public void Read(ref MessagePackReader reader)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new FieldException(ProviderFrameError.InvalidField, $"a key is a {reader.NextMessagePackType}, not a string");
            }

            var key = ReadKey(ref reader);
            switch (key)
            {
                case var k when k.SequenceEqual("t"u8): _type = ReadText(ref reader, "t", 32); break;
                case var k when k.SequenceEqual("cl_ord_id"u8): _clientOrderId = ReadText(ref reader, "cl_ord_id", MaxIdBytes); break;
                case var k when k.SequenceEqual("order_id"u8): _orderId = ReadText(ref reader, "order_id", MaxIdBytes); break;
                case var k when k.SequenceEqual("account"u8): _account = ReadText(ref reader, "account", MaxIdBytes); break;
                case var k when k.SequenceEqual("symbol"u8): _symbol = ReadText(ref reader, "symbol", SymbolRegistry.MaxSymbolLength); break;
                case var k when k.SequenceEqual("side"u8): _side = ReadSide(ref reader); break;
                case var k when k.SequenceEqual("ord_type"u8): _ordType = ReadText(ref reader, "ord_type", 16); break;
                case var k when k.SequenceEqual("qty"u8): _quantity = ReadDecimal(ref reader, "qty"); break;
                case var k when k.SequenceEqual("price"u8): _price = ReadDecimal(ref reader, "price"); break;
                case var k when k.SequenceEqual("report_id"u8): _reportId = ReadText(ref reader, "report_id", MaxIdBytes); break;
                case var k when k.SequenceEqual("ord_status"u8): _status = ReadStatus(ref reader); break;
                case var k when k.SequenceEqual("cumqty"u8): _cumulativeQuantity = ReadDecimal(ref reader, "cumqty"); break;
                case var k when k.SequenceEqual("avgpx"u8): _averagePrice = ReadDecimal(ref reader, "avgpx"); break;
                case var k when k.SequenceEqual("reason"u8): _reason = ReadText(ref reader, "reason", MaxReasonBytes); break;
                case var k when k.SequenceEqual("ts"u8): _time = ReadTime(ref reader); break;
                default: Skip(ref reader, 0); break;
            }
        }

        public readonly ProviderMessage Build()
        {
            var type = _type ?? throw Missing("t");
            var clientOrderId = _clientOrderId ?? throw Missing("cl_ord_id");
            var orderId = _orderId ?? throw Missing("order_id");
            var accountText = _account ?? throw Missing("account");
            var symbol = _symbol ?? throw Missing("symbol");
            if (type is not ("new_order" or "close" or "cancel" or "modify" or "exec_report"))
            {
                throw new FieldException(ProviderFrameError.UnknownMessageType, $"unknown message type '{type}'");
            }

            if (!AccountId.TryParse(accountText, out var account))
            {
                throw new FieldException(ProviderFrameError.InvalidField, $"account '{accountText}' is not of the form type:number");
            }

            return type switch
            {
                "new_order" => new NewOrderRequest
                {
                    ClientOrderId = clientOrderId,
                    OrderId = orderId,
                    Account = account,
                    Symbol = symbol,
                    Type = OrderTypeOf(_side ?? throw Missing("side"), _ordType ?? throw Missing("ord_type"), _price),
                    Volume = Positive(_quantity ?? throw Missing("qty"), "qty"),
                    Price = _price is { } p ? Positive(p, "price") : null,
                },
                "close" => new CloseRequest
                {
                    ClientOrderId = clientOrderId,
                    OrderId = orderId,
                    Account = account,
                    Symbol = symbol,
                    Side = _side ?? throw Missing("side"),
                    Volume = Positive(_quantity ?? throw Missing("qty"), "qty"),
                },
                "cancel" => new CancelRequest
                {
                    ClientOrderId = clientOrderId,
                    OrderId = orderId,
                    Account = account,
                    Symbol = symbol,
                },
                "modify" => new ModifyRequest
                {
                    ClientOrderId = clientOrderId,
                    OrderId = orderId,
                    Account = account,
                    Symbol = symbol,
                    Price = _price is { } p ? Positive(p, "price") : _quantity is null ? throw Missing("price or qty") : null,
                    Volume = _quantity is { } q ? Positive(q, "qty") : null,
                },
                _ => new ExecutionReport
                {
                    ClientOrderId = clientOrderId,
                    OrderId = orderId,
                    Account = account,
                    Symbol = symbol,
                    ReportId = _reportId ?? throw Missing("report_id"),
                    Status = _status ?? throw Missing("ord_status"),
                    Side = _side ?? throw Missing("side"),
                    CumulativeQuantity = NotNegative(_cumulativeQuantity ?? throw Missing("cumqty"), "cumqty"),
                    AveragePrice = _averagePrice is { } a ? Positive(a, "avgpx") : _status == ProviderOrderStatus.Executed ? throw Missing("avgpx") : null,
                    Price = _price is { } p ? Positive(p, "price") : null,
                    Reason = _reason,
                    TransactTime = DateTimeOffset.FromUnixTimeMilliseconds(_time ?? throw Missing("ts")),
                },
            };
        }

        private static OrderType OrderTypeOf(TradeSide side, string ordType, decimal? price)
        {
            var buy = side == TradeSide.Buy;
            var type = ordType switch
            {
                "MARKET" => buy ? OrderType.Buy : OrderType.Sell,
                "LIMIT" => buy ? OrderType.BuyLimit : OrderType.SellLimit,
                "STOP" => buy ? OrderType.BuyStop : OrderType.SellStop,
                _ => throw new FieldException(ProviderFrameError.InvalidField, $"ord_type '{ordType}' is not MARKET, LIMIT or STOP"),
            };
            if (OrderTypeRules.IsPending(type) && price is null)
            {
                throw Missing("price");
            }

            return type;
        }

        private static FieldException Missing(string field) => new(ProviderFrameError.MissingField, $"{field} is missing");

        private static decimal Positive(decimal value, string field) =>
            value > 0m ? value : throw new FieldException(ProviderFrameError.InvalidField, $"{field} {value.ToString(CultureInfo.InvariantCulture)} is not above 0");

        private static decimal NotNegative(decimal value, string field) =>
            value >= 0m ? value : throw new FieldException(ProviderFrameError.InvalidField, $"{field} {value.ToString(CultureInfo.InvariantCulture)} is below 0");

        private static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
        {
            // A key split across buffer segments (rare: only at a pipe's segment boundary) is copied; a long one is unknown anyway.
            return reader.TryReadStringSpan(out var span) ? span : reader.ReadStringSequence()!.Value is { Length: <= 32 } sequence ? sequence.ToArray() : [];
        }

        private static string ReadText(ref MessagePackReader reader, string field, int maxBytes)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new FieldException(ProviderFrameError.InvalidField, $"{field} is a {reader.NextMessagePackType}, not a string");
            }

            var sequence = reader.ReadStringSequence()!.Value;
            if (sequence.Length == 0 || sequence.Length > maxBytes)
            {
                throw new FieldException(ProviderFrameError.InvalidField, $"{field} must be 1 to {maxBytes} bytes, not {sequence.Length}");
            }

            try
            {
                return System.Text.EncodingExtensions.GetString(StrictUtf8, sequence);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new FieldException(ProviderFrameError.InvalidField, $"{field} is not valid UTF-8");
            }
        }

        private static decimal ReadDecimal(ref MessagePackReader reader, string field)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new FieldException(ProviderFrameError.InvalidField, $"{field} is a {reader.NextMessagePackType}, not a decimal string");
            }

            var sequence = reader.ReadStringSequence()!.Value;
            Span<byte> text = stackalloc byte[MaxDecimalBytes];
            if (sequence.Length is 0 or > MaxDecimalBytes)
            {
                throw new FieldException(ProviderFrameError.InvalidField, $"{field} is not a decimal ({sequence.Length} bytes)");
            }

            sequence.CopyTo(text);
            text = text[..(int)sequence.Length];
            return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FieldException(ProviderFrameError.InvalidField, $"{field} '{System.Text.Encoding.UTF8.GetString(text)}' is not a decimal");
        }

        private static TradeSide ReadSide(ref MessagePackReader reader)
        {
            var text = ReadText(ref reader, "side", 8);
            return text switch
            {
                "BUY" => TradeSide.Buy,
                "SELL" => TradeSide.Sell,
                _ => throw new FieldException(ProviderFrameError.InvalidField, $"side '{text}' is not BUY or SELL"),
            };
        }

        private static ProviderOrderStatus ReadStatus(ref MessagePackReader reader)
        {
            var text = ReadText(ref reader, "ord_status", 16);
            foreach (var status in Enum.GetValues<ProviderOrderStatus>())
            {
                if (text == StatusName(status))
                {
                    return status;
                }
            }

            throw new FieldException(ProviderFrameError.InvalidField, $"ord_status '{text}' is not EXECUTED, PENDING, REJECTED, CANCELLED or MODIFY");
        }

        private static long ReadTime(ref MessagePackReader reader)
        {
            if (reader.NextMessagePackType != MessagePackType.Integer)
            {
                throw new FieldException(ProviderFrameError.InvalidField, $"ts is a {reader.NextMessagePackType}, not an integer");
            }

            var ms = reader.ReadInt64();
            return ms is > 0 and <= 253_402_300_799_999 ? ms : throw new FieldException(ProviderFrameError.InvalidField, $"ts {ms} is not a time");
        }

        private static void Skip(ref MessagePackReader reader, int depth)
        {
            if (depth > MaxSkipDepth)
            {
                throw new FieldException(ProviderFrameError.InvalidMessagePack, $"an unknown field is nested deeper than {MaxSkipDepth}");
            }

            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    for (var n = reader.ReadArrayHeader(); n > 0; n--)
                    {
                        Skip(ref reader, depth + 1);
                    }

                    break;
                case MessagePackType.Map:
                    for (var n = reader.ReadMapHeader(); n > 0; n--)
                    {
                        Skip(ref reader, depth + 1);
                        Skip(ref reader, depth + 1);
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

}
