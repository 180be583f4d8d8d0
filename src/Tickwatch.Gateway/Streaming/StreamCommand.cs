using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// A client's message: <c>{"type":"subscribe","symbols":["EURUSD"]}</c>, <c>{"type":"unsubscribe","symbols":[…]}</c>,
/// <c>{"type":"subscribe","channel":"portfolio"}</c> (with <c>"since_seq":N</c> to resume after the order event it
/// last had), <c>{"type":"unsubscribe","channel":"portfolio"}</c> or <c>{"type":"ping"}</c>. Symbols are upper-cased.
/// </summary>
public sealed record StreamCommand(StreamCommandKind Kind, IReadOnlyList<string> Symbols)
{
    /// <summary>The channel of the token's own account: its portfolio and its order events.</summary>
    public const string PortfolioChannel = "portfolio";

    private const int MaxSymbolsPerCommand = 500;

    /// <summary>For a portfolio subscribe: the number of the last order event the client holds; it is sent every one after it.</summary>
    public long? SinceSeq { get; init; }

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

            if (root.TryGetProperty("channel", out var channel))
            {
                return TryParseChannel(kind, channel, root, out command, out error);
            }

            if (root.TryGetProperty("since_seq", out _))
            {
                error = "\"since_seq\" goes with {\"type\":\"subscribe\",\"channel\":\"portfolio\"}";
                return false;
            }

            if (!root.TryGetProperty("symbols", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                error = "\"symbols\" must be an array of symbol names (or \"channel\":\"portfolio\" for the account's portfolio and orders)";
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

    // A channel stands instead of symbols: one name per message, so a reply names exactly what it answers.
    private static bool TryParseChannel(
        StreamCommandKind kind, JsonElement channel, JsonElement root, [NotNullWhen(true)] out StreamCommand? command, [NotNullWhen(false)] out string? error)
    {
        command = null;
        if (root.TryGetProperty("symbols", out _))
        {
            error = "send \"symbols\" or \"channel\", not both in one message";
            return false;
        }

        if (channel.ValueKind != JsonValueKind.String || channel.GetString() != PortfolioChannel)
        {
            error = $"unknown channel: the stream has \"{PortfolioChannel}\" (prices are subscribed with \"symbols\")";
            return false;
        }

        long? sinceSeq = null;
        if (root.TryGetProperty("since_seq", out var since))
        {
            if (kind != StreamCommandKind.Subscribe)
            {
                error = "\"since_seq\" goes with a subscribe";
                return false;
            }

            if (since.ValueKind != JsonValueKind.Number || !since.TryGetInt64(out var number) || number < 0)
            {
                error = "\"since_seq\" must be the number of the last order event the client holds (0 or more)";
                return false;
            }

            sinceSeq = number;
        }

        command = new StreamCommand(kind == StreamCommandKind.Subscribe ? StreamCommandKind.SubscribePortfolio : StreamCommandKind.UnsubscribePortfolio, [])
        {
            SinceSeq = sinceSeq,
        };
        error = null;
        return true;
    }
}
