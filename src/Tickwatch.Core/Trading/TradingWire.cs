namespace Tickwatch.Core.Trading;

/// <summary>The one place the trading enums meet their wire names (store hashes, JSON, the provider link).</summary>
public static class TradingWire
{
    public static string Of(UserType type) => type switch
    {
        UserType.Live => "live",
        UserType.Demo => "demo",
        UserType.StrategyProvider => "strategy_provider",
        UserType.CopyFollower => "copy_follower",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParseUserType(ReadOnlySpan<char> text, out UserType type)
    {
        foreach (var candidate in Enum.GetValues<UserType>())
        {
            if (text.SequenceEqual(Of(candidate)))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static string Of(TradeSide side) => side == TradeSide.Buy ? "BUY" : "SELL";

    public static string Of(OrderType type) => type switch
    {
        OrderType.Buy => "BUY",
        OrderType.Sell => "SELL",
        OrderType.BuyLimit => "BUY_LIMIT",
        OrderType.SellLimit => "SELL_LIMIT",
        OrderType.BuyStop => "BUY_STOP",
        OrderType.SellStop => "SELL_STOP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParseOrderType(ReadOnlySpan<char> text, out OrderType type) => TryParse(text, Of, out type);

    public static string Of(OrderStatus status) => status switch
    {
        OrderStatus.Queued => "QUEUED",
        OrderStatus.Open => "OPEN",
        OrderStatus.Pending => "PENDING",
        OrderStatus.PendingQueued => "PENDING-QUEUED",
        OrderStatus.PendingCancel => "PENDING-CANCEL",
        OrderStatus.Modify => "MODIFY",
        OrderStatus.Cancelled => "CANCELLED",
        OrderStatus.Rejected => "REJECTED",
        OrderStatus.Closed => "CLOSED",
        OrderStatus.StopLoss => "STOPLOSS",
        OrderStatus.TakeProfit => "TAKEPROFIT",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParseOrderStatus(ReadOnlySpan<char> text, out OrderStatus status) => TryParse(text, Of, out status);

    /// <summary>The reference's <c>sending_orders</c> values.</summary>
    public static string Of(ExecutionRoute route) => route == ExecutionRoute.Local ? "local" : "provider";

    public static bool TryParseRoute(ReadOnlySpan<char> text, out ExecutionRoute route) => TryParse(text, Of, out route);

    public static string Of(AccountStatus status) => status switch
    {
        AccountStatus.Active => "active",
        AccountStatus.CloseOnly => "close_only",
        AccountStatus.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParseAccountStatus(ReadOnlySpan<char> text, out AccountStatus status) => TryParse(text, Of, out status);

    public static string Of(RefusalReason reason) => reason switch
    {
        RefusalReason.InsufficientMargin => "INSUFFICIENT_MARGIN",
        RefusalReason.MarketClosed => "MARKET_CLOSED",
        RefusalReason.StalePrice => "STALE_PRICE",
        RefusalReason.Requote => "REQUOTE",
        RefusalReason.InvalidVolume => "INVALID_VOLUME",
        RefusalReason.InvalidPrice => "INVALID_PRICE",
        RefusalReason.UnknownSymbol => "UNKNOWN_SYMBOL",
        RefusalReason.UnknownAccount => "UNKNOWN_ACCOUNT",
        RefusalReason.AccountDisabled => "ACCOUNT_DISABLED",
        RefusalReason.OrderNotFound => "ORDER_NOT_FOUND",
        RefusalReason.InvalidState => "INVALID_STATE",
        RefusalReason.InvalidRequest => "INVALID_REQUEST",
        RefusalReason.IdempotencyConflict => "IDEMPOTENCY_CONFLICT",
        RefusalReason.ProviderUnavailable => "PROVIDER_UNAVAILABLE",
        RefusalReason.Busy => "BUSY",
        RefusalReason.StaleFence => "STALE_FENCE",
        RefusalReason.StoreUnavailable => "STORE_UNAVAILABLE",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static bool TryParseRefusal(ReadOnlySpan<char> text, out RefusalReason reason) => TryParse(text, Of, out reason);

    private static bool TryParse<T>(ReadOnlySpan<char> text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (text.Equals(name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
