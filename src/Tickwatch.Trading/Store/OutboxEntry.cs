using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Tickwatch.Trading.Store;

/// <summary>
/// One outbox entry as both trading stores keep it: <c>{"revision", "at", "kind", "order_id", "payload"}</c>, the revision
/// the change was committed at, its time, its kind, its order and its payload (JSON as given).
/// </summary>
public static class OutboxEntry
{
    /// <exception cref="ArgumentException">The payload is not JSON (refused before anything is written: the ledger reads it as JSON).</exception>
    public static string Write(long revision, TradingEvent tradingEvent)
    {
        ArgumentNullException.ThrowIfNull(tradingEvent);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("revision", revision);
            json.WriteString("at", tradingEvent.At);
            json.WriteString("kind", tradingEvent.Kind);
            if (tradingEvent.OrderId is { } orderId)
            {
                json.WriteString("order_id", orderId);
            }
            else
            {
                json.WriteNull("order_id");
            }

            json.WritePropertyName("payload");
            try
            {
                json.WriteRawValue(tradingEvent.Payload);
            }
            catch (Exception ex) when (ex is ArgumentException or JsonException)
            {
                throw new ArgumentException($"The payload of the {tradingEvent.Kind} event of order {tradingEvent.OrderId} is not JSON: {ex.Message}", nameof(tradingEvent), ex);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads an entry back; false with the reason when it is not one (a poison entry the writer holds).</summary>
    public static bool TryRead(string text, out long revision, [NotNullWhen(true)] out TradingEvent? tradingEvent, [NotNullWhen(false)] out string? problem)
    {
        revision = 0;
        tradingEvent = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the entry is not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("revision", out var revisionElement) || !revisionElement.TryGetInt64(out revision) || revision <= 0)
            {
                problem = "the entry has no positive revision";
                return false;
            }

            if (!root.TryGetProperty("at", out var at) || at.ValueKind != JsonValueKind.String || !at.TryGetDateTimeOffset(out var committedAt))
            {
                problem = "the entry has no time (at)";
                return false;
            }

            if (!root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(kind.GetString()))
            {
                problem = "the entry has no kind";
                return false;
            }

            if (!root.TryGetProperty("payload", out var payload))
            {
                problem = "the entry has no payload";
                return false;
            }

            var orderId = root.TryGetProperty("order_id", out var order) && order.ValueKind == JsonValueKind.String ? order.GetString() : null;
            tradingEvent = new TradingEvent(kind.GetString()!, orderId, payload.GetRawText(), committedAt);
            problem = null;
            return true;
        }
        catch (JsonException ex)
        {
            problem = "the entry is not JSON: " + ex.Message;
            return false;
        }
    }
}
