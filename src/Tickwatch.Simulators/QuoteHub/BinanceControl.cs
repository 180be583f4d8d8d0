using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// Answers a Binance connection's control messages as the venue does (FORMAT.md §1.1): <c>SUBSCRIBE</c>,
/// <c>UNSUBSCRIBE</c>, <c>LIST_SUBSCRIPTIONS</c>, <c>SET_PROPERTY</c> and <c>GET_PROPERTY</c> of <c>combined</c>; results
/// as <c>{"result":…,"id":…}</c>, refusals as <c>{"code":…,"msg":…,"id":…}</c>.
/// </summary>
internal static class BinanceControl
{
    private const int MaxIdLength = 36;

    // The venue's messages quote with backticks and apostrophes; they go out as written, not as \u0060.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The answer to one request, and a refusal's message for the log (null when it succeeded).</summary>
    public static (byte[] Answer, string? Method, string? Refusal) Answer(ReadOnlySpan<byte> request, BinanceSession session)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.ToArray());
        }
        catch (JsonException ex)
        {
            return Refuse(3, $"Invalid JSON: expected value at line {ex.LineNumber + 1} column {ex.BytePositionInLine + 1}", null, null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Refuse(2, "Invalid request: expected an object", null, null);
            }

            JsonElement? id = root.TryGetProperty("id", out var idElement) ? idElement : null;
            if (id is { } given && !IsValidId(given))
            {
                return Refuse(2, "Invalid request: request ID must be an unsigned integer", null, null);
            }

            if (!root.TryGetProperty("method", out var methodElement))
            {
                return Refuse(2, "Invalid request: missing field `method`", null, id);
            }

            var method = methodElement.ValueKind == JsonValueKind.String ? methodElement.GetString() : null;
            var parameters = root.TryGetProperty("params", out var p) ? p : default;
            return method switch
            {
                "SUBSCRIBE" => Subscribe(session, parameters, id, subscribe: true),
                "UNSUBSCRIBE" => Subscribe(session, parameters, id, subscribe: false),
                "LIST_SUBSCRIPTIONS" => Result(method, id, w =>
                {
                    w.WriteStartArray("result");
                    foreach (var name in session.Names)
                    {
                        w.WriteStringValue(name);
                    }

                    w.WriteEndArray();
                }),
                "SET_PROPERTY" => SetProperty(session, parameters, id),
                "GET_PROPERTY" => GetProperty(session, parameters, id),
                _ => Refuse(2, $"Invalid request: unknown variant `{method}`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`", method, id),
            };
        }
    }

    private static (byte[], string?, string?) Subscribe(BinanceSession session, JsonElement parameters, JsonElement? id, bool subscribe)
    {
        var method = subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE";
        if (parameters.ValueKind != JsonValueKind.Array || parameters.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return Refuse(2, "Invalid request: params must be an array of stream names", method, id);
        }

        var streams = parameters.EnumerateArray().Select(e => e.GetString()!).ToArray();
        if (!subscribe)
        {
            session.Unsubscribe(streams);
        }
        else if (!session.TrySubscribe(streams, out var error))
        {
            return Refuse(2, error!, method, id);
        }

        return Result(method, id, w => w.WriteNull("result"));
    }

    private static (byte[], string?, string?) SetProperty(BinanceSession session, JsonElement parameters, JsonElement? id)
    {
        const string Method = "SET_PROPERTY";
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() != 2 || parameters[0].ValueKind != JsonValueKind.String)
        {
            return Refuse(2, "Invalid request: property name must be a string", Method, id);
        }

        if (parameters[0].GetString() != "combined")
        {
            return Refuse(0, "Unknown property", Method, id);
        }

        if (parameters[1].ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Refuse(1, "Invalid value type: expected Boolean", Method, id);
        }

        session.Combined = parameters[1].GetBoolean();
        return Result(Method, id, w => w.WriteNull("result"));
    }

    private static (byte[], string?, string?) GetProperty(BinanceSession session, JsonElement parameters, JsonElement? id)
    {
        const string Method = "GET_PROPERTY";
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() != 1 || parameters[0].ValueKind != JsonValueKind.String)
        {
            return Refuse(2, "Invalid request: property name must be a string", Method, id);
        }

        return parameters[0].GetString() == "combined"
            ? Result(Method, id, w => w.WriteBoolean("result", session.Combined))
            : Refuse(0, "Unknown property", Method, id);
    }

    // A signed 64-bit integer, an alphanumeric string of at most 36 characters, or null.
    private static bool IsValidId(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.Number => id.TryGetInt64(out _),
        JsonValueKind.String => id.GetString() is { Length: <= MaxIdLength } text && text.All(char.IsAsciiLetterOrDigit),
        _ => false,
    };

    private static (byte[], string?, string?) Result(string method, JsonElement? id, Action<Utf8JsonWriter> writeResult) =>
        (Write(w =>
        {
            writeResult(w);
            WriteId(w, id);
        }), method, null);

    private static (byte[], string?, string?) Refuse(int code, string message, string? method, JsonElement? id) =>
        (Write(w =>
        {
            w.WriteNumber("code", code);
            w.WriteString("msg", message);
            WriteId(w, id);
        }), method, message);

    private static void WriteId(Utf8JsonWriter writer, JsonElement? id)
    {
        writer.WritePropertyName("id");
        if (id is { } value)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
