using System.Buffers;
using System.Text;
using System.Text.Json;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>An order as JSON with the reference's wire names (<c>BUY_LIMIT</c>, <c>PENDING-QUEUED</c>) and exact decimals: the outbox payload and the client's view.</summary>
public static class OrderJson
{
    public static string Write(Order order)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, order);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter json, Order order)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(order);
        json.WriteStartObject();
        json.WriteString("order_id", order.Id);
        json.WriteString("account", order.Account.ToString());
        json.WriteString("symbol", order.Symbol);
        json.WriteString("type", TradingWire.Of(order.Type));
        json.WriteString("side", TradingWire.Of(order.Side));
        json.WriteString("status", TradingWire.Of(order.Status));
        json.WriteNumber("volume", order.Volume);
        json.WriteString("group", order.Group);
        json.WriteString("route", TradingWire.Of(order.Route));
        json.WriteString("created_at", order.CreatedAt);
        Optional(json, "pending_price", order.PendingPrice);
        Optional(json, "open_price", order.OpenPrice);
        if (order.OpenedAt is { } openedAt)
        {
            json.WriteString("opened_at", openedAt);
        }

        Optional(json, "stop_loss", order.StopLoss);
        Optional(json, "take_profit", order.TakeProfit);
        json.WriteNumber("commission", order.Commission);
        json.WriteNumber("swap", order.Swap);
        json.WriteNumber("realised_profit", order.RealisedProfit);
        Optional(json, "close_price", order.ClosePrice);
        if (order.ClosedAt is { } closedAt)
        {
            json.WriteString("closed_at", closedAt);
        }

        if (order.CloseReason is { } reason)
        {
            json.WriteString("close_reason", reason);
        }

        Lineage(json, "open_quote", order.OpenQuote);
        Lineage(json, "close_quote", order.CloseQuote);
        if (order.ClientQuote is { } client)
        {
            json.WritePropertyName("client_quote");
            WriteClientQuote(json, client);
        }

        json.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    private static void Lineage(Utf8JsonWriter json, string name, QuoteLineage? lineage)
    {
        if (lineage is null)
        {
            return;
        }

        json.WritePropertyName(name);
        WriteLineage(json, lineage);
    }

    /// <summary>A quote's lineage as a JSON object (also the ledger's copy of it).</summary>
    internal static void WriteLineage(Utf8JsonWriter json, QuoteLineage lineage)
    {
        json.WriteStartObject();
        json.WriteNumber("bid", lineage.Bid);
        json.WriteNumber("ask", lineage.Ask);
        json.WriteNumber("book_sequence", lineage.BookSequence);
        json.WriteString("feed", lineage.Feed);
        if (lineage.SourceTime is { } sourceTime)
        {
            json.WriteString("source_time", sourceTime);
        }

        json.WriteString("received_at", lineage.ReceivedAt);
        json.WriteNumber("age_ms", lineage.AgeMilliseconds);
        Optional(json, "half_spread", lineage.HalfSpread);
        json.WriteEndObject();
    }

    /// <summary>The client's quote as a JSON object (also the ledger's copy of it).</summary>
    internal static void WriteClientQuote(Utf8JsonWriter json, ClientQuote client)
    {
        json.WriteStartObject();
        Optional(json, "seen_price", client.SeenPrice);
        if (client.SeenSequence is { } sequence)
        {
            json.WriteNumber("seen_sequence", sequence);
        }

        Optional(json, "max_deviation", client.MaxDeviation);
        json.WriteEndObject();
    }
}
