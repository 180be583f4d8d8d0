using System.Buffers;
using System.Text.Json;

namespace Tickwatch.Gateway.Streaming;

/// <summary>The stream's replies to commands: <c>subscribed</c>, <c>unsubscribed</c> (of symbols or of a channel), <c>error</c>, <c>pong</c>; and <c>orders_reset</c>.</summary>
internal static class StreamReplies
{
    /// <summary><c>{"type":"subscribed","symbols":[…],"unknown":[…],"rejected":[…],"reason":…}</c>: what the client now receives, and what it asked for in vain.</summary>
    public static ControlMessage Subscribed(IReadOnlyList<string> symbols, IReadOnlyList<string> unknown, IReadOnlyList<string> rejected, string? reason) =>
        Build(w =>
        {
            w.WriteString("type", "subscribed");
            WriteList(w, "symbols", symbols);
            WriteList(w, "unknown", unknown);
            WriteList(w, "rejected", rejected);
            if (reason is not null)
            {
                w.WriteString("reason", reason);
            }
        });

    public static ControlMessage Unsubscribed(IReadOnlyList<string> symbols) =>
        Build(w =>
        {
            w.WriteString("type", "unsubscribed");
            WriteList(w, "symbols", symbols);
        });

    /// <summary><c>{"type":"subscribed","channel":"portfolio","account":"demo:1"}</c>: the channel now streams that account, the token's own.</summary>
    public static ControlMessage SubscribedChannel(string channel, string account) =>
        Build(w =>
        {
            w.WriteString("type", "subscribed");
            w.WriteString("channel", channel);
            w.WriteString("account", account);
        });

    /// <summary><c>{"type":"unsubscribed","channel":"portfolio"}</c>.</summary>
    public static ControlMessage UnsubscribedChannel(string channel) =>
        Build(w =>
        {
            w.WriteString("type", "unsubscribed");
            w.WriteString("channel", channel);
        });

    /// <summary><c>{"type":"error","message":…,"symbol":…}</c>, or <c>"channel":…</c> for a channel's error.</summary>
    public static ControlMessage Error(string message, string? symbol = null, string? channel = null) =>
        Build(w =>
        {
            w.WriteString("type", "error");
            w.WriteString("message", message);
            if (symbol is not null)
            {
                w.WriteString("symbol", symbol);
            }

            if (channel is not null)
            {
                w.WriteString("channel", channel);
            }
        });

    /// <summary>
    /// <c>{"type":"orders_reset","seq":S}</c>: order events the client missed are no longer held (or could not be read);
    /// it reloads its orders over REST and stands at S, the next order message being after it. Sent in order with the orders.
    /// </summary>
    public static byte[] OrdersReset(long seq) =>
        Json(w =>
        {
            w.WriteString("type", "orders_reset");
            w.WriteNumber("seq", seq);
        });

    public static ControlMessage Pong(DateTimeOffset now) =>
        Build(w =>
        {
            w.WriteString("type", "pong");
            w.WriteString("timestamp", now);
        });

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>One JSON object written by <paramref name="body"/>, as UTF-8: every message the stream sends is built here.</summary>
    internal static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ControlMessage Build(Action<Utf8JsonWriter> body) => new(Json(body));
}
