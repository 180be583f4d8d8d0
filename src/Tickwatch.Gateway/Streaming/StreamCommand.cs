using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// A client's message: <c>{"type":"subscribe","symbols":["EURUSD"]}</c>, <c>{"type":"unsubscribe","symbols":[…]}</c>
/// or <c>{"type":"ping"}</c>. Symbols are upper-cased.
/// </summary>
public sealed record StreamCommand(StreamCommandKind Kind, IReadOnlyList<string> Symbols)
{
    private const int MaxSymbolsPerCommand = 500;

    /// <summary>Reads a message; on failure <paramref name="error"/> says what is wrong, in words fit to send back.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> json, [NotNullWhen(true)] out StreamCommand? command, [NotNullWhen(false)] out string? error)
    {
        command = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException)
        {
            error = "not JSON: send {\"type\":\"subscribe\",\"symbols\":[\"EURUSD\"]}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                error = "a message is an object with a \"type\": subscribe, unsubscribe or ping";
                return false;
            }

            StreamCommandKind kind;
            switch (type.GetString())
            {
                case "subscribe":
                    kind = StreamCommandKind.Subscribe;
                    break;
                case "unsubscribe":
                    kind = StreamCommandKind.Unsubscribe;
                    break;
                case "ping":
                    command = new StreamCommand(StreamCommandKind.Ping, []);
                    error = null;
                    return true;
                default:
                    error = "unknown type: use subscribe, unsubscribe or ping";
                    return false;
            }

            if (!root.TryGetProperty("symbols", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                error = "\"symbols\" must be an array of symbol names";
                return false;
            }

            if (list.GetArrayLength() > MaxSymbolsPerCommand)
            {
                error = $"at most {MaxSymbolsPerCommand} symbols per message";
                return false;
            }

            var symbols = new List<string>(list.GetArrayLength());
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } symbol)
                {
                    error = "\"symbols\" must hold only non-empty strings";
                    return false;
                }

                symbols.Add(symbol.ToUpperInvariant());
            }

            command = new StreamCommand(kind, [.. symbols.Distinct(StringComparer.Ordinal)]);
            error = null;
            return true;
        }
    }
}
