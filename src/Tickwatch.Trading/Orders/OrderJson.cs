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
        Optional(json, "working_volume", order.WorkingVolume);
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

        if (order.ProviderRequest is { } request)
        {
            json.WriteString("provider_request", request.Write());
        }

        json.WriteEndObject();
    }

    /// <summary>An order as <see cref="Write(Order)"/> wrote it (an outbox payload).</summary>
    /// <exception cref="FormatException">A field is missing or not what it should be; the message names it.</exception>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static Order Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var document = JsonDocument.Parse(text);
        return Read(document.RootElement);
    }

    /// <inheritdoc cref="Read(string)"/>
    public static Order Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an order is a JSON object.");
        }

        try
        {
            return new Order
            {
                Id = Text(json, "order_id"),
                Account = AccountId.TryParse(Text(json, "account"), out var account) ? account : throw Bad("account"),
                Symbol = Text(json, "symbol"),
                Type = TradingWire.TryParseOrderType(Text(json, "type"), out var type) ? type : throw Bad("type"),
                Status = TradingWire.TryParseOrderStatus(Text(json, "status"), out var status) ? status : throw Bad("status"),
                Volume = json.GetProperty("volume").GetDecimal(),
                Group = Text(json, "group"),
                Route = TradingWire.TryParseRoute(Text(json, "route"), out var route) ? route : throw Bad("route"),
                CreatedAt = json.GetProperty("created_at").GetDateTimeOffset(),
                PendingPrice = OptionalDecimal(json, "pending_price"),
                WorkingVolume = OptionalDecimal(json, "working_volume"),
                OpenPrice = OptionalDecimal(json, "open_price"),
                OpenedAt = OptionalTime(json, "opened_at"),
                StopLoss = OptionalDecimal(json, "stop_loss"),
                TakeProfit = OptionalDecimal(json, "take_profit"),
                Commission = json.GetProperty("commission").GetDecimal(),
                Swap = json.GetProperty("swap").GetDecimal(),
                RealisedProfit = json.GetProperty("realised_profit").GetDecimal(),
                ClosePrice = OptionalDecimal(json, "close_price"),
                ClosedAt = OptionalTime(json, "closed_at"),
                CloseReason = json.TryGetProperty("close_reason", out var reason) ? reason.GetString() : null,
                OpenQuote = json.TryGetProperty("open_quote", out var open) ? ReadLineage(open) : null,
                CloseQuote = json.TryGetProperty("close_quote", out var close) ? ReadLineage(close) : null,
                ClientQuote = json.TryGetProperty("client_quote", out var client) ? ReadClientQuote(client) : null,
                ProviderRequest = json.TryGetProperty("provider_request", out var request) ? OutstandingRequest.Parse(request.GetString() ?? string.Empty) : null,
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("the order is not what OrderJson writes: " + ex.Message, ex);
        }
    }

    /// <summary>A quote's lineage as <see cref="WriteLineage"/> wrote it.</summary>
    internal static QuoteLineage ReadLineage(JsonElement json) => new(
        json.GetProperty("bid").GetDecimal(),
        json.GetProperty("ask").GetDecimal(),
        json.GetProperty("book_sequence").GetInt64(),
        json.GetProperty("feed").GetString() ?? string.Empty,
        OptionalTime(json, "source_time"),
        json.GetProperty("received_at").GetDateTimeOffset(),
        json.GetProperty("age_ms").GetInt64(),
        OptionalDecimal(json, "half_spread"));

    /// <summary>The client's quote as <see cref="WriteClientQuote"/> wrote it.</summary>
    internal static ClientQuote ReadClientQuote(JsonElement json) => new(
        OptionalDecimal(json, "seen_price"),
        json.TryGetProperty("seen_sequence", out var sequence) ? sequence.GetInt64() : null,
        OptionalDecimal(json, "max_deviation"));

    private static string Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"{name}: missing.");

    private static FormatException Bad(string name) => new($"{name}: not a known value.");

    private static decimal? OptionalDecimal(JsonElement json, string name) => json.TryGetProperty(name, out var value) ? value.GetDecimal() : null;

    private static DateTimeOffset? OptionalTime(JsonElement json, string name) => json.TryGetProperty(name, out var value) ? value.GetDateTimeOffset() : null;

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
    public static void WriteLineage(Utf8JsonWriter json, QuoteLineage lineage)
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
