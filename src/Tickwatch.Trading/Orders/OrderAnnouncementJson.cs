using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>
/// An <see cref="OrderAnnouncement"/> as compact JSON with the reference's wire names and exact decimals:
/// <c>{"account":"demo:1","order_id":"…","symbol":"EURUSD","type":"BUY","status":"OPEN","volume":0.10,"price":1.08512,"time":"…"}</c>,
/// with <c>close_price</c>, <c>stop_loss</c>, <c>take_profit</c> and <c>reason</c> only when the order has them, and
/// <c>seq</c> (the account's order event sequence) when the store gave one.
/// </summary>
public static class OrderAnnouncementJson
{
    /// <summary>The announcement as UTF-8 JSON, the payload of <c>order_updates</c>.</summary>
    public static byte[] Write(OrderAnnouncement announcement)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, announcement);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the announcement as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, OrderAnnouncement announcement)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(announcement);
        json.WriteStartObject();
        json.WriteString("account", announcement.Account.ToString());
        json.WriteString("order_id", announcement.OrderId);
        json.WriteString("symbol", announcement.Symbol);
        json.WriteString("type", TradingWire.Of(announcement.Type));
        json.WriteString("status", TradingWire.Of(announcement.Status));
        json.WriteNumber("volume", announcement.Volume);
        Optional(json, "price", announcement.Price);
        Optional(json, "close_price", announcement.ClosePrice);
        Optional(json, "stop_loss", announcement.StopLoss);
        Optional(json, "take_profit", announcement.TakeProfit);
        json.WriteString("time", announcement.Time);
        if (announcement.Reason is { } reason)
        {
            json.WriteString("reason", reason);
        }

        if (announcement.Seq is { } seq)
        {
            json.WriteNumber("seq", seq);
        }

        json.WriteEndObject();
    }

    /// <summary>Reads a payload of <c>order_updates</c>; false for anything that is not a whole announcement.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out OrderAnnouncement? announcement)
    {
        announcement = null;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 2 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !AccountId.TryParse(Text(root, "account"), out var account)
                || Text(root, "order_id") is not { Length: > 0 } orderId
                || Text(root, "symbol") is not { Length: > 0 } symbol
                || !TradingWire.TryParseOrderType(Text(root, "type"), out var type)
                || !TradingWire.TryParseOrderStatus(Text(root, "status"), out var status)
                || !root.TryGetProperty("volume", out var volume)
                || !root.TryGetProperty("time", out var time))
            {
                return false;
            }

            announcement = new OrderAnnouncement
            {
                Account = account,
                OrderId = orderId,
                Symbol = symbol,
                Type = type,
                Status = status,
                Volume = volume.GetDecimal(),
                Price = Number(root, "price"),
                ClosePrice = Number(root, "close_price"),
                StopLoss = Number(root, "stop_loss"),
                TakeProfit = Number(root, "take_profit"),
                Time = time.GetDateTimeOffset(),
                Reason = Text(root, "reason"),
                Seq = root.TryGetProperty("seq", out var seq) ? seq.GetInt64() : null,
            };
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            // Not JSON, a number out of decimal's range, a value of the wrong kind: not an announcement.
            return false;
        }
    }

    private static void Optional(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    private static string? Text(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static decimal? Number(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value.GetDecimal() : null;
}
