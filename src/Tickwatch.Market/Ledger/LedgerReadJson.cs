using System.Buffers;
using System.Text;
using System.Text.Json;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Market.Ledger;

/// <summary>The clients' ledger reads as JSON: snake_case names, money and prices as exact decimal numbers, times in ISO-8601 UTC.</summary>
public static class LedgerReadJson
{
    /// <summary><c>{"account","from","to","orders":[{"order":{...},"history":[...]}],"next_cursor"}</c>.</summary>
    public static string History(AccountId account, LedgerReadQuery query, IReadOnlyList<LedgerOrderHistory> orders, LedgerCursor? next) => Write(json =>
    {
        ArgumentNullException.ThrowIfNull(orders);
        Head(json, account, query);
        json.WriteStartArray("orders");
        foreach (var item in orders)
        {
            json.WriteStartObject();
            json.WritePropertyName("order");
            OrderJson.Write(json, item.Order);
            json.WriteStartArray("history");
            foreach (var change in item.History)
            {
                json.WriteStartObject();
                json.WriteString("event", change.Event.ToString());
                json.WriteString("kind", change.Kind);
                json.WriteString("status", TradingWire.Of(change.Status));
                json.WriteNumber("volume", change.Volume);
                json.WriteString("at", change.At);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Next(json, next);
    });

    /// <summary><c>{"account","from","to","deals":[...],"next_cursor"}</c>; a deal's <c>quote</c> is the quote it executed on.</summary>
    public static string Deals(AccountId account, LedgerReadQuery query, IReadOnlyList<Deal> deals, LedgerCursor? next) => Write(json =>
    {
        ArgumentNullException.ThrowIfNull(deals);
        Head(json, account, query);
        json.WriteStartArray("deals");
        foreach (var deal in deals)
        {
            json.WriteStartObject();
            json.WriteString("event", deal.Event.ToString());
            json.WriteString("order_id", deal.OrderId);
            json.WriteString("kind", LedgerWire.Of(deal.Kind));
            json.WriteString("symbol", deal.Symbol);
            json.WriteString("side", TradingWire.Of(deal.Side));
            json.WriteNumber("volume", deal.Volume);
            json.WriteNumber("price", deal.Price);
            json.WriteNumber("profit", deal.Profit);
            json.WriteString("at", deal.At);
            if (deal.Quote is { } quote)
            {
                json.WritePropertyName("quote");
                OrderJson.WriteLineage(json, quote);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        Next(json, next);
    });

    /// <summary><c>{"account","from","to","opening_balance","operations":[...],"closing_balance"}</c>: opening plus every amount is closing.</summary>
    public static string Statement(AccountStatement statement, string? currency) => Write(json =>
    {
        ArgumentNullException.ThrowIfNull(statement);
        json.WriteStartObject();
        json.WriteString("account", statement.Account.ToString());
        if (currency is not null)
        {
            json.WriteString("currency", currency);
        }

        json.WriteString("from", statement.From);
        json.WriteString("to", statement.To);
        json.WriteNumber("opening_balance", statement.OpeningBalance);
        json.WriteStartArray("operations");
        foreach (var operation in statement.Operations)
        {
            json.WriteStartObject();
            json.WriteString("event", operation.Event.ToString());
            json.WriteString("kind", LedgerWire.Of(operation.Kind));
            json.WriteNumber("amount", operation.Amount);
            json.WriteNumber("balance_after", operation.BalanceAfter);
            if (operation.OrderId is { } orderId)
            {
                json.WriteString("order_id", orderId);
            }

            if (operation.Comment is { } comment)
            {
                json.WriteString("comment", comment);
            }

            json.WriteString("at", operation.At);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("closing_balance", statement.ClosingBalance);
        json.WriteEndObject();
    });

    private static void Head(Utf8JsonWriter json, AccountId account, LedgerReadQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        json.WriteStartObject();
        json.WriteString("account", account.ToString());
        json.WriteString("from", query.From);
        json.WriteString("to", query.To);
    }

    private static void Next(Utf8JsonWriter json, LedgerCursor? next)
    {
        if (next is { } cursor)
        {
            json.WriteString("next_cursor", cursor.ToString());
        }
        else
        {
            json.WriteNull("next_cursor");
        }

        json.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
