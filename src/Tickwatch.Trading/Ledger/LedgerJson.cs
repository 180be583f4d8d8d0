using System.Buffers;
using System.Text;
using System.Text.Json;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Ledger;

/// <summary>An order's quotes as the ledger keeps them beside its columns (as <see cref="OrderJson"/> writes them: exact decimals), so a restore gets the order back whole.</summary>
internal static class LedgerJson
{
    public static string? Write(QuoteLineage? lineage) => lineage is null ? null : Json(json => OrderJson.WriteLineage(json, lineage));

    public static string? Write(ClientQuote? quote) => quote is null ? null : Json(json => OrderJson.WriteClientQuote(json, quote));

    public static QuoteLineage? ReadLineage(string? text)
    {
        if (text is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        return new QuoteLineage(
            root.GetProperty("bid").GetDecimal(),
            root.GetProperty("ask").GetDecimal(),
            root.GetProperty("book_sequence").GetInt64(),
            root.GetProperty("feed").GetString() ?? string.Empty,
            root.TryGetProperty("source_time", out var sourceTime) ? sourceTime.GetDateTimeOffset() : null,
            root.GetProperty("received_at").GetDateTimeOffset(),
            root.GetProperty("age_ms").GetInt64(),
            root.TryGetProperty("half_spread", out var halfSpread) ? halfSpread.GetDecimal() : null);
    }

    public static ClientQuote? ReadClientQuote(string? text)
    {
        if (text is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        return new ClientQuote(
            root.TryGetProperty("seen_price", out var price) ? price.GetDecimal() : null,
            root.TryGetProperty("seen_sequence", out var sequence) ? sequence.GetInt64() : null,
            root.TryGetProperty("max_deviation", out var deviation) ? deviation.GetDecimal() : null);
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
