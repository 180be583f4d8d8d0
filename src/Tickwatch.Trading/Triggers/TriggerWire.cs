using Tickwatch.Core.Trading;
using Tickwatch.Storage;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Trading.Triggers;

/// <summary>How triggers are named in the store and on the wire: kinds as <c>pending</c>, <c>sl</c>, <c>tp</c>; one trigger as text.</summary>
public static class TriggerWire
{
    private static readonly TradeSide[] Sides = [TradeSide.Buy, TradeSide.Sell];

    public static string Of(TriggerKind kind) => kind switch
    {
        TriggerKind.Pending => "pending",
        TriggerKind.StopLoss => "sl",
        _ => "tp",
    };

    public static bool TryParseKind(ReadOnlySpan<char> text, out TriggerKind kind)
    {
        TriggerKind? parsed = text switch
        {
            "pending" => TriggerKind.Pending,
            "sl" => TriggerKind.StopLoss,
            "tp" => TriggerKind.TakeProfit,
            _ => null,
        };
        kind = parsed.GetValueOrDefault();
        return parsed is not null;
    }

    /// <summary>The reference's index a trigger is listed in: <c>pending_index:{EURUSD}:BUY_LIMIT</c>, <c>sl_index:{EURUSD}:BUY</c>, <c>tp_index:{EURUSD}:SELL</c>.</summary>
    public static string IndexKey(Trigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return trigger.Kind switch
        {
            TriggerKind.Pending => RedisKeys.PendingIndex(trigger.Symbol, TradingWire.Of(trigger.OrderType)),
            TriggerKind.StopLoss => RedisKeys.StopLossIndex(trigger.Symbol, TradingWire.Of(trigger.Side)),
            _ => RedisKeys.TakeProfitIndex(trigger.Symbol, TradingWire.Of(trigger.Side)),
        };
    }

    /// <summary>Every index key a trigger of <paramref name="kind"/> on <paramref name="symbol"/> could be listed in.</summary>
    public static IEnumerable<string> IndexKeys(string symbol, TriggerKind kind) => kind switch
    {
        TriggerKind.Pending => new[] { OrderType.BuyLimit, OrderType.SellLimit, OrderType.BuyStop, OrderType.SellStop }
            .Select(t => RedisKeys.PendingIndex(symbol, TradingWire.Of(t))),
        TriggerKind.StopLoss => Sides.Select(s => RedisKeys.StopLossIndex(symbol, TradingWire.Of(s))),
        _ => Sides.Select(s => RedisKeys.TakeProfitIndex(symbol, TradingWire.Of(s))),
    };

    /// <summary>The index member, as the reference lists orders: <c>live:42|ORDER_ID</c>.</summary>
    public static string Member(AccountId account, string orderId) => account + "|" + orderId;

    /// <summary>The field of <c>trigger_prices:{EURUSD}</c>: <c>pending|live:42|ORDER_ID</c>.</summary>
    public static string PriceField(TriggerId id) => Of(id.Kind) + "|" + Member(id.Account, id.OrderId);

    /// <summary>The value of <c>trigger_prices:{EURUSD}</c>: <c>BUY_LIMIT|1.08400|Standard</c>, the price exactly as a decimal's text.</summary>
    public static string PriceValue(Trigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return TradingWire.Of(trigger.OrderType) + "|" + ExactDecimal.Format(trigger.Price) + "|" + trigger.Group;
    }

    /// <summary>Reads one <c>trigger_prices</c> entry back; false (with the problem) for one that does not parse.</summary>
    public static bool TryParse(string symbol, string field, string value, out Trigger? trigger, out string? problem)
    {
        trigger = null;
        problem = null;
        var key = field.Split('|');
        var parts = value.Split('|', 3);
        if (key.Length != 3 || !TryParseKind(key[0], out var kind) || !AccountId.TryParse(key[1], out var account) || key[2].Length == 0)
        {
            problem = $"field '{field}' is not kind|account|order";
            return false;
        }

        if (parts.Length != 3 || !TradingWire.TryParseOrderType(parts[0], out var type) || !ExactDecimal.TryParse(parts[1], out var price) || parts[2].Length == 0)
        {
            problem = $"value '{value}' of {field} is not TYPE|price|group";
            return false;
        }

        trigger = new Trigger { Symbol = symbol, Group = parts[2], Kind = kind, OrderType = type, Price = price, Account = account, OrderId = key[2] };
        return true;
    }

    /// <summary>A price as the index's score: only for ordering and range reads; the exact price is the hash's text.</summary>
    public static double Score(decimal price) => (double)price;
}
