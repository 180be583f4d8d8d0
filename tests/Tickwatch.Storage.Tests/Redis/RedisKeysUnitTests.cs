using Tickwatch.Core.Trading;

namespace Tickwatch.Storage.Tests.Redis;

/// <summary>The keys and channels, letter for letter as the reference writes them (reference-system.md §2), and which of them share a slot.</summary>
public sealed class RedisKeysUnitTests
{
    private static readonly AccountId Live42 = new(UserType.Live, 42);

    [Fact]
    public void Every_key_shared_with_the_reference_is_its_literal_form()
    {
        Assert.Equal("market:EURUSD", RedisKeys.MarketPrice("EURUSD"));
        Assert.Equal("user:{live:42}:config", RedisKeys.UserConfig(Live42));
        Assert.Equal("user_portfolio:{live:42}", RedisKeys.UserPortfolio(Live42));
        Assert.Equal("user_orders_index:{live:42}", RedisKeys.UserOrdersIndex(Live42));
        Assert.Equal("user_holdings:{live:42}:ORDER_ID", RedisKeys.UserHoldings(Live42, "ORDER_ID"));
        Assert.Equal("order_data:ORDER_ID", RedisKeys.OrderData("ORDER_ID"));
        Assert.Equal("symbol_holders:EURUSD:live", RedisKeys.SymbolHolders("EURUSD", UserType.Live));
        Assert.Equal("groups:{Standard}:EURUSD", RedisKeys.GroupSymbol("Standard", "EURUSD"));
        Assert.Equal("pending_index:{EURUSD}:BUY_LIMIT", RedisKeys.PendingIndex("EURUSD", "BUY_LIMIT"));
        Assert.Equal("sl_index:{EURUSD}:BUY", RedisKeys.StopLossIndex("EURUSD", "BUY"));
        Assert.Equal("tp_index:{EURUSD}:SELL", RedisKeys.TakeProfitIndex("EURUSD", "SELL"));
        Assert.Equal("provider_pending_active", RedisKeys.ProviderPendingActive);
        Assert.Equal("provider_pending:ORDER_ID", RedisKeys.ProviderPending("ORDER_ID"));
        Assert.Equal("lock:user_margin:live:42", RedisKeys.UserMarginLock(Live42));
        Assert.Equal("autocutoff:alert_sent:live:42", RedisKeys.AutoCutoffAlertSent(Live42));
        Assert.Equal("autocutoff:liquidating:live:42", RedisKeys.AutoCutoffLiquidating(Live42));
        Assert.Equal(("market_price_updates", "portfolio_updates", "portfolio_force_recalc"),
            (RedisKeys.MarketPriceUpdatesChannel, RedisKeys.PortfolioUpdatesChannel, RedisKeys.PortfolioForceRecalcChannel));
    }

    [Fact]
    public void Tickwatchs_own_names_are_the_price_channel_and_the_old_price_key()
    {
        Assert.Equal("prices:{market:EURUSD}", RedisKeys.PriceChannel("EURUSD"));
        Assert.Equal("market:{EURUSD}", RedisKeys.OldMarketPrice("EURUSD"));
    }

    [Fact]
    public void Tickwatchs_own_trading_keys_take_the_users_or_the_groups_tag_and_the_indexes_none()
    {
        Assert.Equal("user_holdings:{live:42}:", RedisKeys.UserHoldingsPrefix(Live42));
        Assert.Equal("user_orders_closed:{live:42}", RedisKeys.UserOrdersClosed(Live42));
        Assert.Equal("user_requests:{live:42}:key-1", RedisKeys.UserRequest(Live42, "key-1"));
        Assert.Equal("ledger_outbox:{live:42}", RedisKeys.LedgerOutbox(Live42));
        Assert.Equal("groups:{Standard}:symbols", RedisKeys.GroupSymbols("Standard"));
        Assert.Equal(("accounts_index", "groups_index"), (RedisKeys.AccountsIndex, RedisKeys.GroupsIndex));
        var slot = ClusterSlot.Of(RedisKeys.UserConfig(Live42));
        Assert.All(
            [RedisKeys.UserOrdersClosed(Live42), RedisKeys.UserRequest(Live42, "key-1"), RedisKeys.UserRequest(Live42, "{x}"), RedisKeys.LedgerOutbox(Live42)],
            key => Assert.Equal(slot, ClusterSlot.Of(key)));
        Assert.Equal(ClusterSlot.Of(RedisKeys.GroupSymbol("Standard", "EURUSD")), ClusterSlot.Of(RedisKeys.GroupSymbols("Standard")));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("{live:43}")]
    [InlineData("é")]
    public void An_idempotency_key_with_other_characters_is_hashed(string key)
    {
        var built = RedisKeys.UserRequest(Live42, key);

        Assert.Matches("^user_requests:\\{live:42\\}:#[0-9a-f]{64}$", built);
        Assert.NotEqual(built, RedisKeys.UserRequest(Live42, key + "x"));
    }

    [Fact]
    public void A_long_idempotency_key_is_hashed_and_one_up_to_the_limit_is_kept()
    {
        var limit = new string('k', RedisKeys.LiteralRequestKeyLength);

        Assert.EndsWith(":" + limit, RedisKeys.UserRequest(Live42, limit), StringComparison.Ordinal);
        Assert.Matches(":#[0-9a-f]{64}$", RedisKeys.UserRequest(Live42, new string('k', 128)));
        Assert.Throws<ArgumentException>(() => RedisKeys.UserRequest(Live42, ""));
    }

    [Theory]
    [InlineData(UserType.Live, 42, "live:42")]
    [InlineData(UserType.Demo, 7, "demo:7")]
    [InlineData(UserType.StrategyProvider, 3, "strategy_provider:3")]
    [InlineData(UserType.CopyFollower, 9, "copy_follower:9")]
    public void A_user_is_named_type_colon_id(UserType type, long id, string expected)
    {
        var user = new AccountId(type, id);

        Assert.Equal(expected, user.ToString());
        Assert.Equal("user_portfolio:{" + expected + "}", RedisKeys.UserPortfolio(user));
        Assert.Equal("symbol_holders:EURUSD:" + expected[..expected.IndexOf(':', StringComparison.Ordinal)], RedisKeys.SymbolHolders("EURUSD", type));
    }

    [Fact]
    public void A_users_config_portfolio_orders_and_holdings_share_a_slot_and_its_order_data_and_locks_do_not()
    {
        var slot = ClusterSlot.Of(RedisKeys.UserConfig(Live42));

        Assert.All(
            [RedisKeys.UserPortfolio(Live42), RedisKeys.UserOrdersIndex(Live42), RedisKeys.UserHoldings(Live42, "ORDER_ID")],
            key => Assert.Equal(slot, ClusterSlot.Of(key)));
        Assert.All(
            [RedisKeys.OrderData("ORDER_ID"), RedisKeys.UserMarginLock(Live42), RedisKeys.AutoCutoffAlertSent(Live42), RedisKeys.AutoCutoffLiquidating(Live42)],
            key => Assert.NotEqual(slot, ClusterSlot.Of(key)));
        Assert.NotEqual(slot, ClusterSlot.Of(RedisKeys.UserConfig(new AccountId(UserType.Live, 43))));
    }

    [Fact]
    public void A_price_and_its_channel_share_a_slot_and_a_symbols_trigger_indexes_share_another()
    {
        Assert.Equal(ClusterSlot.Of("market:EURUSD"), ClusterSlot.Of(RedisKeys.PriceChannel("EURUSD")));
        var indexes = ClusterSlot.Of(RedisKeys.PendingIndex("EURUSD", "BUY_LIMIT"));
        Assert.Equal(indexes, ClusterSlot.Of(RedisKeys.StopLossIndex("EURUSD", "BUY")));
        Assert.Equal(indexes, ClusterSlot.Of(RedisKeys.TakeProfitIndex("EURUSD", "SELL")));
    }

    [Fact]
    public void The_slot_rule_of_these_tests_is_redis_clusters()
    {
        // Values of CLUSTER KEYSLOT on Redis 7.
        Assert.Equal(12182, ClusterSlot.Of("foo"));
        Assert.Equal(ClusterSlot.Of("bar"), ClusterSlot.Of("{bar}:x"));
        Assert.NotEqual(ClusterSlot.Of("x"), ClusterSlot.Of("{}x"));
    }

    [Fact]
    public void An_empty_part_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RedisKeys.MarketPrice(""));
        Assert.Throws<ArgumentException>(() => RedisKeys.OrderData(""));
    }
}
