using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Tickwatch.Core.Trading;

namespace Tickwatch.Storage;

/// <summary>Every Redis key and channel Tickwatch uses, in one place: what it holds, and how its name is built.</summary>
/// <remarks>
/// <para>
/// The keys Tickwatch shares with the reference system are literally the reference's (its schema, for user
/// <c>live:42</c>, group <c>Standard</c>, symbol <c>EURUSD</c>): the reference's API and operators read them by name.
/// Braces are Redis Cluster hash tags and appear only where the reference has them: only the text between the first
/// <c>{</c> and <c>}</c> chooses the slot. So one user's <c>user:{live:42}:config</c>, <c>user_portfolio:{live:42}</c>,
/// <c>user_orders_index:{live:42}</c> and <c>user_holdings:{live:42}:ORDER_ID</c> share a slot (one script may change
/// them together), while <c>order_data:ORDER_ID</c>, <c>lock:user_margin:live:42</c> and the <c>autocutoff:</c> keys
/// are hashed whole, each in its own slot.
/// </para>
/// <para>
/// The price hash <c>market:EURUSD</c> has no hash tag; Tickwatch's own sharded channel for it,
/// <c>prices:{market:EURUSD}</c>, takes the key itself as its tag, so it is in the key's slot and the write script may
/// SPUBLISH it in the same call.
/// </para>
/// <para>
/// Symbols are upper case (<c>EURUSD</c>); user types are <c>live</c>, <c>demo</c>, <c>strategy_provider</c>,
/// <c>copy_follower</c>. Builders do not change case: callers pass the canonical form.
/// </para>
/// </remarks>
public static class RedisKeys
{
    /// <summary>What every <see cref="MarketPrice"/> key starts with; the symbol follows.</summary>
    public const string MarketPricePrefix = "market:";

    /// <summary>What every <see cref="PriceChannel"/> starts with; the price key and <see cref="PriceChannelSuffix"/> follow.</summary>
    public const string PriceChannelPrefix = "prices:{";

    /// <summary>What every <see cref="PriceChannel"/> ends with: the end of its hash tag.</summary>
    public const string PriceChannelSuffix = "}";

    /// <summary>Pub/sub channel (not sharded): payload is the symbol whose price was just written. The reference's channel.</summary>
    public const string MarketPriceUpdatesChannel = "market_price_updates";

    /// <summary>Pub/sub channel: payload is a user, <c>type:id</c>, whose portfolio changed.</summary>
    public const string PortfolioUpdatesChannel = "portfolio_updates";

    /// <summary>Pub/sub channel: payload is JSON with a <c>users</c> list whose portfolios must be recomputed.</summary>
    public const string PortfolioForceRecalcChannel = "portfolio_force_recalc";

    /// <summary>
    /// Sharded pub/sub channel <c>order_updates</c> (SPUBLISH, in the slot of its own name, so on one node: one publisher's
    /// changes arrive in order): payload is one committed order change as compact JSON (account, order id, symbol, type,
    /// status, volume, price, time, reason), for the gateways' client streams. Tickwatch's own; the reference names no
    /// order channel.
    /// </summary>
    public const string OrderUpdatesChannel = "order_updates";

    /// <summary>
    /// Stream <c>order_events:{live:42}</c> (slot of the user): one entry per committed order change, id <c>SEQ-0</c> where
    /// SEQ is the account's order event sequence (<c>order_seq</c> in its config), field <c>order</c> the announcement JSON;
    /// capped with MAXLEN ~ <c>OrderEvents:Retain</c>. A gateway replays it to a client resuming with <c>since_seq</c>, and
    /// fills from it a gap in the announcements it heard. Tickwatch's own.
    /// </summary>
    public static string OrderEvents(AccountId user) => "order_events:" + UserTag(user);

    /// <summary>Set of the order ids resting at the liquidity provider, watched for margin.</summary>
    public const string ProviderPendingActive = "provider_pending_active";

    /// <summary>
    /// Set <c>accounts_index</c> (no hash tag, so in no user's slot): every account id (<c>live:42</c>), for listing.
    /// Tickwatch's own. Added to after the account's config is written, never inside a user's script.
    /// </summary>
    public const string AccountsIndex = "accounts_index";

    /// <summary>
    /// Set <c>ledger_outbox_pending</c> (no hash tag, so in no user's slot): accounts whose <see cref="LedgerOutbox"/> may
    /// hold entries, so the ledger writer finds them without reading every account. Added to after a commit that
    /// appended entries; removed by the writer when a trim empties the outbox (and re-added if one arrived meanwhile).
    /// Tickwatch's own.
    /// </summary>
    public const string LedgerOutboxPending = "ledger_outbox_pending";

    /// <summary>Set <c>groups_index</c> (no hash tag): every group name that has terms, for listing. Tickwatch's own.</summary>
    public const string GroupsIndex = "groups_index";

    /// <summary>
    /// Set <c>trigger_symbols</c> (no hash tag): every symbol that has had an armed trigger, so that the trigger service
    /// finds each <see cref="TriggerPrices"/> at start. Added to before a trigger is armed, never removed. Tickwatch's own.
    /// </summary>
    public const string TriggerSymbols = "trigger_symbols";

    /// <summary>Longest client idempotency key that <see cref="UserRequest"/> puts in a key as it is; a longer one is hashed.</summary>
    public const int LiteralRequestKeyLength = 64;

    /// <summary>
    /// Hash <c>market:EURUSD</c> (no hash tag), the latest price: the reference's <c>bid</c>, <c>ask</c>, <c>ts</c> (local
    /// write time, ms) plus Tickwatch's fields (see <see cref="Redis.MarketPriceFields"/>). Written only by the newer-wins script.
    /// </summary>
    public static string MarketPrice(string symbol) => MarketPricePrefix + Part(symbol);

    /// <summary>
    /// Sharded pub/sub channel <c>prices:{market:EURUSD}</c> (SPUBLISH; its hash tag is <see cref="MarketPrice"/>'s key,
    /// so it has the key's slot): payload is the written price as compact JSON with its book sequence, for the
    /// gateway's client streams. Tickwatch's own.
    /// </summary>
    public static string PriceChannel(string symbol) => PriceChannelPrefix + MarketPrice(symbol) + PriceChannelSuffix;

    /// <summary>
    /// The price hash as Tickwatch wrote it before it took the reference's literal keys, <c>market:{EURUSD}</c>: only read
    /// (and then deleted) by the warm-up's one-time move to <see cref="MarketPrice"/>.
    /// </summary>
    public static string OldMarketPrice(string symbol) => MarketPricePrefix + "{" + Part(symbol) + "}";

    /// <summary>Hash <c>user:{live:42}:config</c>: wallet_balance, leverage, group, sending_orders, email, auto_cutoff_level, auto_liquidation_level, status.</summary>
    public static string UserConfig(AccountId user) => "user:" + UserTag(user) + ":config";

    /// <summary>Hash <c>user_portfolio:{live:42}</c>: equity, balance, free_margin, used_margin(_executed, _all), margin_level, open_pnl, total_pl, ts, calc_status.</summary>
    public static string UserPortfolio(AccountId user) => "user_portfolio:" + UserTag(user);

    /// <summary>Set <c>user_orders_index:{live:42}</c>: the user's order ids.</summary>
    public static string UserOrdersIndex(AccountId user) => "user_orders_index:" + UserTag(user);

    /// <summary>Hash <c>user_holdings:{live:42}:ORDER_ID</c>: per-order state of one user (slot of the user).</summary>
    public static string UserHoldings(AccountId user, string orderId) => UserHoldingsPrefix(user) + Part(orderId);

    /// <summary>
    /// <c>user_holdings:{live:42}:</c>, what every <see cref="UserHoldings"/> key of the user starts with: for a script
    /// that reads the holdings of the ids it finds in <see cref="UserOrdersIndex"/>.
    /// </summary>
    public static string UserHoldingsPrefix(AccountId user) => "user_holdings:" + UserTag(user) + ":";

    /// <summary>
    /// List <c>user_orders_closed:{live:42}</c> (slot of the user): the ids of the user's final orders, newest first,
    /// trimmed to a few hundred; their holdings hashes expire on their own. Tickwatch's own.
    /// </summary>
    public static string UserOrdersClosed(AccountId user) => "user_orders_closed:" + UserTag(user);

    /// <summary>
    /// String <c>user_requests:{live:42}:KEY</c>, 24 h TTL (slot of the user): the answer to the request that first used
    /// the client's idempotency key. A key of letters, digits, <c>-</c>, <c>_</c>, <c>.</c> and <c>:</c> up to
    /// <see cref="LiteralRequestKeyLength"/> characters is written as it is; any other (braces, spaces, longer) as
    /// <c>#</c> and the hex SHA-256 of its UTF-8, which no literal key can be. Tickwatch's own.
    /// </summary>
    public static string UserRequest(AccountId user, string idempotencyKey) => "user_requests:" + UserTag(user) + ":" + RequestPart(idempotencyKey);

    /// <summary>List <c>ledger_outbox:{live:42}</c> (slot of the user): the user's changes as JSON, in commit order, for the ledger writer. Tickwatch's own.</summary>
    public static string LedgerOutbox(AccountId user) => "ledger_outbox:" + UserTag(user);

    /// <summary>Hash <c>order_data:ORDER_ID</c> (no hash tag): the canonical order (status, cancel_id, group, route, ...).</summary>
    public static string OrderData(string orderId) => "order_data:" + Part(orderId);

    /// <summary>Set <c>symbol_holders:EURUSD:live</c> (no hash tag): users (<c>type:id</c>) of one type holding a symbol.</summary>
    public static string SymbolHolders(string symbol, UserType userType) => "symbol_holders:" + Part(symbol) + ":" + TradingWire.Of(userType);

    /// <summary>Hash <c>groups:{Standard}:EURUSD</c>: spread, spread_pip, contract_size, profit currency, type, crypto_margin_factor; slot of the group.</summary>
    public static string GroupSymbol(string group, string symbol) => "groups:{" + Part(group) + "}:" + Part(symbol);

    /// <summary>
    /// Set <c>groups:{Standard}:symbols</c> (slot of the group): the symbols the group has terms for. Tickwatch's own;
    /// symbols are upper case, so no <see cref="GroupSymbol"/> key is this one.
    /// </summary>
    public static string GroupSymbols(string group) => "groups:{" + Part(group) + "}:symbols";

    /// <summary>Sorted set <c>pending_index:{EURUSD}:BUY_LIMIT</c>: pending orders of one order type by trigger price; slot of the symbol's indexes.</summary>
    public static string PendingIndex(string symbol, string orderType) => "pending_index:{" + Part(symbol) + "}:" + Part(orderType);

    /// <summary>Sorted set <c>sl_index:{EURUSD}:BUY</c>: stop-loss triggers of one side; slot of the symbol's indexes.</summary>
    public static string StopLossIndex(string symbol, string side) => "sl_index:{" + Part(symbol) + "}:" + Part(side);

    /// <summary>Sorted set <c>tp_index:{EURUSD}:SELL</c>: take-profit triggers of one side; slot of the symbol's indexes.</summary>
    public static string TakeProfitIndex(string symbol, string side) => "tp_index:{" + Part(symbol) + "}:" + Part(side);

    /// <summary>
    /// Hash <c>trigger_prices:{EURUSD}</c> (slot of the symbol's indexes): the exact price of every trigger listed in its
    /// <see cref="PendingIndex"/>, <see cref="StopLossIndex"/> and <see cref="TakeProfitIndex"/> sets, whose scores are
    /// doubles for ordering only. Field <c>pending|live:42|ORDER_ID</c> (or <c>sl|</c>, <c>tp|</c>), value
    /// <c>BUY_LIMIT|1.08400|Standard</c> (order type, price, group). Tickwatch's own.
    /// </summary>
    public static string TriggerPrices(string symbol) => "trigger_prices:{" + Part(symbol) + "}";

    /// <summary>Hash <c>provider_pending:ORDER_ID</c> (no hash tag): one order resting at the liquidity provider.</summary>
    public static string ProviderPending(string orderId) => "provider_pending:" + Part(orderId);

    /// <summary>String <c>lock:user_margin:live:42</c> with a short TTL (no hash tag, so not in the user's slot): per-user lock around margin changes.</summary>
    public static string UserMarginLock(AccountId user) => "lock:user_margin:" + user;

    /// <summary>String <c>autocutoff:alert_sent:live:42</c>, 3 h TTL (no hash tag): margin-call e-mail rate limit.</summary>
    public static string AutoCutoffAlertSent(AccountId user) => "autocutoff:alert_sent:" + user;

    /// <summary>String <c>autocutoff:liquidating:live:42</c>, set NX (no hash tag): a liquidation is in progress.</summary>
    public static string AutoCutoffLiquidating(AccountId user) => "autocutoff:liquidating:" + user;

    /// <summary>
    /// String <c>autocutoff:stop_out:{live:42}</c> with a TTL renewed while its holder works: the account's stop-out lock,
    /// holding its fence token and holder (<c>17:market-a</c>). Tickwatch's own (the reference's liquidating key never
    /// expires, defect 10); on the user's hash tag, so the commit script refuses a close whose fence is not the one held.
    /// </summary>
    public static string AutoCutoffStopOutLock(AccountId user) => "autocutoff:stop_out:" + UserTag(user);

    /// <summary>String <c>autocutoff:fence:{live:42}</c>, no TTL: the last fence token given for the account's stop-out lock (INCR), so tokens only rise. Tickwatch's own.</summary>
    public static string AutoCutoffFence(AccountId user) => "autocutoff:fence:" + UserTag(user);

    /// <summary>
    /// String <c>tickwatch:health:{N}</c>, 60 s TTL: the readiness probe's write, one per master. <c>N</c> is a number
    /// chosen so that the hash tag falls in a slot of that master, so each master is written; the few keys are
    /// overwritten by every probe and expire when probes stop.
    /// </summary>
    public static string HealthProbe(int tag) => "tickwatch:health:{" + tag.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";

    /// <summary>What every <see cref="PriceFence"/> key starts with; the price key and <see cref="PriceFenceSuffix"/> follow.</summary>
    public const string PriceFencePrefix = "price_fence:{";

    /// <summary>What every <see cref="PriceFence"/> key ends with: the end of its hash tag.</summary>
    public const string PriceFenceSuffix = "}";

    /// <summary>
    /// Set <c>cluster:instances</c> (no hash tag): the ids of the instances that have written a heartbeat
    /// (<see cref="ClusterInstance"/>); a member whose heartbeat key is gone is pruned by whoever lists it. Tickwatch's own.
    /// </summary>
    public const string ClusterInstances = "cluster:instances";

    /// <summary>
    /// String <c>lease:{feed:binary}</c> (<c>lease:{part:7}</c>, <c>lease:{job:provider}</c>) with a TTL renewed by its
    /// holder: <c>TOKEN|INSTANCE</c>. Its hash tag is the lease name, shared with <see cref="LeaseToken"/>, so one script
    /// grants both. Tickwatch's own.
    /// </summary>
    public static string Lease(string name) => "lease:{" + Part(name) + "}";

    /// <summary>String <c>lease_token:{feed:binary}</c>, no TTL (slot of <see cref="Lease"/>): the last fence token granted for the lease (INCR), so tokens only rise. Tickwatch's own.</summary>
    public static string LeaseToken(string name) => "lease_token:{" + Part(name) + "}";

    /// <summary>The lease name of a feed's connection and price writing: <c>feed:binary</c>.</summary>
    public static string FeedLeaseName(string feed) => "feed:" + Part(feed);

    /// <summary>The lease name of an account partition: <c>part:7</c>.</summary>
    public static string PartitionLeaseName(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return "part:" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The lease name of a job run once in the cluster: <c>job:provider</c>.</summary>
    public static string JobLeaseName(string job) => "job:" + Part(job);

    /// <summary>
    /// Hash <c>price_fence:{market:EURUSD}</c>, no TTL: per feed (field), the highest fence token that wrote or sealed the
    /// symbol's price; the write script refuses a lower one. Its hash tag is <see cref="MarketPrice"/>'s key, so it is in
    /// the price's slot and the write script reads it in the same call; apart from the price hash, which keeps exactly the
    /// fields its readers expect. Tickwatch's own.
    /// </summary>
    public static string PriceFence(string symbol) => PriceFencePrefix + MarketPrice(symbol) + PriceFenceSuffix;

    /// <summary>
    /// Stream <c>provider_relay</c> (no hash tag), MAXLEN ~ <see cref="ProviderRelayMaxLength"/>: provider requests
    /// committed on an instance that does not hold the provider link, one MessagePack payload per entry (field
    /// <c>msg</c>); the link holder sends each over its connection. Tickwatch's own.
    /// </summary>
    public const string ProviderRelay = "provider_relay";

    /// <summary>The approximate length <see cref="ProviderRelay"/> is trimmed to: older entries are in the store and re-sent at the next connect.</summary>
    public const int ProviderRelayMaxLength = 10_000;

    /// <summary>
    /// String <c>cluster:seed_done</c>, no TTL: set (to the instance and time) once the trading store's restore from the
    /// ledger and the seed ran to their end in a leased cluster; an instance that finds it set does neither. Tickwatch's own.
    /// </summary>
    public const string SeedDone = "cluster:seed_done";

    /// <summary>
    /// Hash <c>cluster:instance:{market-a}</c> with a TTL rewritten by its heartbeat: one live instance (id, role, url,
    /// started_at, heartbeat_at, mode, leases, partitions, feeds_connected, provider_connected, version). An instance that
    /// stops disappears when its TTL runs out. Tickwatch's own.
    /// </summary>
    public static string ClusterInstance(string instanceId) => "cluster:instance:{" + Part(instanceId) + "}";

    private static string UserTag(AccountId user) => "{" + user + "}";

    private static string RequestPart(string key)
    {
        Part(key);
        if (key.Length <= LiteralRequestKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            return key;
        }

        return "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    // Null or empty would build a key that names nothing (market:), or every user's (lock:user_margin:).
    private static string Part(string part, [CallerArgumentExpression(nameof(part))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(part, name);
        return part;
    }
}
