using System.Globalization;

namespace Tickwatch.Storage;

/// <summary>Every Redis key and channel of the reference schema, in one place: what it holds, and how its name is built.</summary>
/// <remarks>
/// <para>
/// Braces are literal Redis Cluster hash tags, as in the reference system: only the text between the
/// first <c>{</c> and <c>}</c> chooses the slot. So <c>market:{EURUSD}</c>, <c>symbol_holders:{EURUSD}:live</c>,
/// <c>pending_index:{EURUSD}:BUY_LIMIT</c> and the sharded channel <c>prices:{EURUSD}</c> share one slot, and a
/// script may touch them together; one user's <c>user:{live:42}:config</c>, <c>user_portfolio:{live:42}</c>,
/// <c>user_orders_index:{live:42}</c> and <c>user_holdings:{live:42}:...</c> share another.
/// </para>
/// <para>
/// Symbols are upper case (<c>EURUSD</c>); user types are <c>live</c>, <c>demo</c>, <c>strategy_provider</c>,
/// <c>copy_follower</c>. Builders do not change case: callers pass the canonical form.
/// </para>
/// </remarks>
public static class RedisKeys
{
    /// <summary>Pub/sub channel (not sharded): payload is the symbol whose price was just written. The reference's channel.</summary>
    public const string MarketPriceUpdatesChannel = "market_price_updates";

    /// <summary>Pub/sub channel: payload is a user, <c>type:id</c>, whose portfolio changed.</summary>
    public const string PortfolioUpdatesChannel = "portfolio_updates";

    /// <summary>Pub/sub channel: payload is JSON with a <c>users</c> list whose portfolios must be recomputed.</summary>
    public const string PortfolioForceRecalcChannel = "portfolio_force_recalc";

    /// <summary>Set of the order ids resting at the liquidity provider, watched for margin.</summary>
    public const string ProviderPendingActive = "provider_pending_active";

    /// <summary>
    /// Hash <c>market:{SYMBOL}</c>, the latest price: the reference's <c>bid</c>, <c>ask</c>, <c>ts</c> (local write
    /// time, ms) plus Tickwatch's fields (see <see cref="Redis.MarketPriceFields"/>). Written only by the newer-wins script.
    /// </summary>
    public static string MarketPrice(string symbol) => "market:{" + Symbol(symbol) + "}";

    /// <summary>
    /// Sharded pub/sub channel <c>prices:{SYMBOL}</c> (SPUBLISH, same slot as <see cref="MarketPrice"/>): payload is the
    /// written price as compact JSON with its book sequence, for the gateway's client streams. Tickwatch's own.
    /// </summary>
    public static string PriceChannel(string symbol) => "prices:{" + Symbol(symbol) + "}";

    /// <summary>Hash <c>user:{type:id}:config</c>: wallet_balance, leverage, group, sending_orders, email, auto_cutoff_level, auto_liquidation_level, status.</summary>
    public static string UserConfig(string userType, long userId) => "user:" + UserTag(userType, userId) + ":config";

    /// <summary>Hash <c>user_portfolio:{type:id}</c>: equity, balance, free_margin, used_margin(_executed, _all), margin_level, open_pnl, total_pl, ts, calc_status.</summary>
    public static string UserPortfolio(string userType, long userId) => "user_portfolio:" + UserTag(userType, userId);

    /// <summary>Set <c>user_orders_index:{type:id}</c>: the user's order ids.</summary>
    public static string UserOrdersIndex(string userType, long userId) => "user_orders_index:" + UserTag(userType, userId);

    /// <summary>Hash <c>user_holdings:{type:id}:{order_id}</c>: per-order state of one user (slot of the user).</summary>
    public static string UserHoldings(string userType, long userId, string orderId) =>
        "user_holdings:" + UserTag(userType, userId) + ":" + orderId;

    /// <summary>Hash <c>order_data:{order_id}</c>: the canonical order (status, cancel_id, group, route, ...).</summary>
    public static string OrderData(string orderId) => "order_data:{" + orderId + "}";

    /// <summary>Set <c>symbol_holders:{SYMBOL}:{type}</c>: users (<c>type:id</c>) holding a symbol; slot of the symbol.</summary>
    public static string SymbolHolders(string symbol, string userType) => "symbol_holders:{" + Symbol(symbol) + "}:" + userType;

    /// <summary>Hash <c>groups:{Group}:{SYMBOL}</c>: spread, spread_pip, contract_size, profit currency, type, crypto_margin_factor; slot of the group.</summary>
    public static string GroupSymbol(string group, string symbol) => "groups:{" + group + "}:" + Symbol(symbol);

    /// <summary>Sorted set <c>pending_index:{SYMBOL}:{ORDER_TYPE}</c>: pending orders by trigger price; slot of the symbol.</summary>
    public static string PendingIndex(string symbol, string orderType) => "pending_index:{" + Symbol(symbol) + "}:" + orderType;

    /// <summary>Sorted set <c>sl_index:{SYMBOL}:{SIDE}</c>: stop-loss triggers; slot of the symbol.</summary>
    public static string StopLossIndex(string symbol, string side) => "sl_index:{" + Symbol(symbol) + "}:" + side;

    /// <summary>Sorted set <c>tp_index:{SYMBOL}:{SIDE}</c>: take-profit triggers; slot of the symbol.</summary>
    public static string TakeProfitIndex(string symbol, string side) => "tp_index:{" + Symbol(symbol) + "}:" + side;

    /// <summary>Hash <c>provider_pending:{id}</c>: one order resting at the liquidity provider.</summary>
    public static string ProviderPending(string orderId) => "provider_pending:{" + orderId + "}";

    /// <summary>String <c>lock:user_margin:{type:id}</c> with a short TTL: per-user lock around margin changes (always set with an expiry); slot of the user.</summary>
    /// <remarks>
    /// The reference writes <c>{type}:{id}</c>; read as a hash tag that would put every user of one type in one slot (one
    /// hot node) and the lock in another slot than the user's keys. Tagging <c>{type:id}</c> keeps the lock with the user,
    /// so one script can take the lock and change the user's portfolio atomically.
    /// </remarks>
    public static string UserMarginLock(string userType, long userId) => "lock:user_margin:" + UserTag(userType, userId);

    /// <summary>String <c>autocutoff:alert_sent:{type:id}</c>, 3 h TTL: margin-call e-mail rate limit; slot of the user (see <see cref="UserMarginLock"/>).</summary>
    public static string AutoCutoffAlertSent(string userType, long userId) => "autocutoff:alert_sent:" + UserTag(userType, userId);

    /// <summary>String <c>autocutoff:liquidating:{type:id}</c>, set NX (with an expiry): a liquidation is in progress; slot of the user (see <see cref="UserMarginLock"/>).</summary>
    public static string AutoCutoffLiquidating(string userType, long userId) => "autocutoff:liquidating:" + UserTag(userType, userId);

    /// <summary>The symbol of a <see cref="MarketPrice"/> key, or null for any other key.</summary>
    public static string? SymbolOfMarketPrice(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        const string Prefix = "market:{";
        return key.StartsWith(Prefix, StringComparison.Ordinal) && key.EndsWith('}') && key.Length > Prefix.Length + 1
            ? key[Prefix.Length..^1]
            : null;
    }

    private static string UserTag(string userType, long userId) => "{" + userType + ":" + Id(userId) + "}";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Symbol(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return symbol;
    }
}
