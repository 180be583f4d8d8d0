using System.Buffers;
using System.Text;
using System.Text.Json;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Market.Trading;

/// <summary>The trading routes' answers as JSON with the reference's names and exact decimals.</summary>
public static class TradingJson
{
    public static string Orders(IEnumerable<Order> orders) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("orders");
        foreach (var order in orders)
        {
            OrderJson.Write(json, order);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static string Account(AccountState state, PortfolioValuation valuation) => Write(json =>
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(valuation);
        var account = state.Account;
        json.WriteStartObject();
        json.WriteString("account", account.Id.ToString());
        json.WriteNumber("wallet_balance", account.WalletBalance);
        json.WriteNumber("leverage", account.Leverage);
        json.WriteString("group", account.Group);
        json.WriteString("sending_orders", TradingWire.Of(account.Route));
        if (account.Email is { } email)
        {
            json.WriteString("email", email);
        }

        json.WriteNumber("auto_cutoff_level", account.AutoCutoffLevel);
        json.WriteNumber("auto_liquidation_level", account.AutoLiquidationLevel);
        json.WriteString("status", TradingWire.Of(account.Status));
        json.WriteString("currency", account.Currency);
        json.WriteNumber("revision", state.Revision);
        json.WritePropertyName("portfolio");
        Portfolio(json, valuation);
        json.WriteStartArray("orders");
        foreach (var order in state.ActiveOrders)
        {
            OrderJson.Write(json, order);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void Portfolio(Utf8JsonWriter json, PortfolioValuation valuation)
    {
        json.WriteStartObject();
        PortfolioJson.WriteFigures(json, valuation);
        json.WriteStartArray("positions");
        foreach (var position in valuation.Positions)
        {
            json.WriteStartObject();
            json.WriteString("order_id", position.OrderId);
            json.WriteString("symbol", position.Symbol);
            json.WriteNumber("close_price", position.ClosePrice);
            json.WriteNumber("profit", position.Profit);
            json.WriteNumber("net_profit", position.NetProfit);
            json.WriteNumber("margin", position.Margin);
            json.WriteNumber("book_sequence", position.BookSequence);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
