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
        return OrderJson.ReadLineage(document.RootElement);
    }

    public static ClientQuote? ReadClientQuote(string? text)
    {
        if (text is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return OrderJson.ReadClientQuote(document.RootElement);
    }

    /// <summary>What <paramref name="write"/> writes, as text (also the outbox payloads of <see cref="Store.AccountEvents"/>).</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
