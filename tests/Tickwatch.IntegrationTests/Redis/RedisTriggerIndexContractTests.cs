using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Storage;
using Tickwatch.Trading.Tests.Triggers;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The Redis Cluster trigger index passes the trigger index contract against the real test cluster, in the reference's sorted sets.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisTriggerIndexContractTests(RedisClusterFixture cluster) : TriggerIndexContract, IAsyncLifetime
{
    private RedisTriggerIndex _index = null!;

    protected override ITriggerIndex Index => _index;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _index = new RedisTriggerIndex(cluster.Connection);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_trigger_is_the_reference_s_member_scored_by_its_price_with_the_exact_price_beside_it()
    {
        var trigger = TriggerOf(TriggerKind.Pending, OrderType.BuyLimit, 1.084000000000000000001m);
        await _index.ArmAsync(trigger, default);
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        var member = trigger.Account + "|" + trigger.OrderId;

        var score = await database.SortedSetScoreAsync("pending_index:{EURUSD}:BUY_LIMIT", member);
        var exact = await database.HashGetAsync("trigger_prices:{EURUSD}", "pending|" + member);
        var inRange = await database.SortedSetRangeByScoreAsync("pending_index:{EURUSD}:BUY_LIMIT", 1.0839, 1.0841);

        Assert.Equal(1.084, score);
        Assert.Equal("BUY_LIMIT|1.084000000000000000001|Standard", (string?)exact);
        Assert.Contains((RedisValue)member, inRange);
        Assert.True(await database.SetContainsAsync(RedisKeys.TriggerSymbols, "EURUSD"));

        await _index.DisarmAsync(trigger.Id, default);
        Assert.Null(await database.SortedSetScoreAsync("pending_index:{EURUSD}:BUY_LIMIT", member));
        Assert.False(await database.HashExistsAsync("trigger_prices:{EURUSD}", "pending|" + member));
    }
}
