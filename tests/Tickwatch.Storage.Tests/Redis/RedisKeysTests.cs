namespace Tickwatch.Storage.Tests.Redis;

public sealed class RedisKeysTests
{
    [Fact]
    public void Keys_follow_the_reference_schema_with_its_hash_tags()
    {
        Assert.Equal("market:{EURUSD}", RedisKeys.MarketPrice("EURUSD"));
        Assert.Equal("prices:{EURUSD}", RedisKeys.PriceChannel("EURUSD"));
        Assert.Equal("user:{live:42}:config", RedisKeys.UserConfig("live", 42));
        Assert.Equal("user_portfolio:{demo:7}", RedisKeys.UserPortfolio("demo", 7));
        Assert.Equal("user_orders_index:{live:42}", RedisKeys.UserOrdersIndex("live", 42));
        Assert.Equal("user_holdings:{live:42}:O-1", RedisKeys.UserHoldings("live", 42, "O-1"));
        Assert.Equal("order_data:{O-1}", RedisKeys.OrderData("O-1"));
        Assert.Equal("symbol_holders:{EURUSD}:live", RedisKeys.SymbolHolders("EURUSD", "live"));
        Assert.Equal("groups:{Standard}:EURUSD", RedisKeys.GroupSymbol("Standard", "EURUSD"));
        Assert.Equal("pending_index:{EURUSD}:BUY_LIMIT", RedisKeys.PendingIndex("EURUSD", "BUY_LIMIT"));
        Assert.Equal("sl_index:{EURUSD}:BUY", RedisKeys.StopLossIndex("EURUSD", "BUY"));
        Assert.Equal("tp_index:{EURUSD}:SELL", RedisKeys.TakeProfitIndex("EURUSD", "SELL"));
        Assert.Equal("provider_pending:{P-9}", RedisKeys.ProviderPending("P-9"));
        Assert.Equal("lock:user_margin:{live:42}", RedisKeys.UserMarginLock("live", 42));
        Assert.Equal("autocutoff:alert_sent:{live:42}", RedisKeys.AutoCutoffAlertSent("live", 42));
        Assert.Equal("autocutoff:liquidating:{live:42}", RedisKeys.AutoCutoffLiquidating("live", 42));
        Assert.Equal(("market_price_updates", "portfolio_updates", "portfolio_force_recalc", "provider_pending_active"),
            (RedisKeys.MarketPriceUpdatesChannel, RedisKeys.PortfolioUpdatesChannel, RedisKeys.PortfolioForceRecalcChannel, RedisKeys.ProviderPendingActive));
    }

    [Fact]
    public void A_symbols_price_its_channel_and_its_indexes_share_one_slot()
    {
        var keys = new[] { RedisKeys.MarketPrice("EURUSD"), RedisKeys.PriceChannel("EURUSD"), RedisKeys.SymbolHolders("EURUSD", "live"), RedisKeys.PendingIndex("EURUSD", "BUY_STOP") };

        Assert.All(keys, k => Assert.Equal("EURUSD", HashTag(k)));
        Assert.Equal("EURUSD", RedisKeys.SymbolOfMarketPrice("market:{EURUSD}"));
        Assert.Null(RedisKeys.SymbolOfMarketPrice("market:EURUSD"));
        Assert.Throws<ArgumentException>(() => RedisKeys.MarketPrice(""));
    }

    [Fact]
    public void A_users_keys_and_locks_share_the_users_slot_and_not_one_slot_per_user_type()
    {
        var keys = new[]
        {
            RedisKeys.UserConfig("live", 42), RedisKeys.UserPortfolio("live", 42), RedisKeys.UserOrdersIndex("live", 42),
            RedisKeys.UserHoldings("live", 42, "O-1"), RedisKeys.UserMarginLock("live", 42),
            RedisKeys.AutoCutoffAlertSent("live", 42), RedisKeys.AutoCutoffLiquidating("live", 42),
        };

        Assert.All(keys, k => Assert.Equal("live:42", HashTag(k)));
        Assert.NotEqual(HashTag(RedisKeys.UserMarginLock("live", 42)), HashTag(RedisKeys.UserMarginLock("live", 43)));
    }

    private static string HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = key.IndexOf('}', open + 1);
        return key[(open + 1)..close];
    }
}
