using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Testing;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Tests.AutoCutoff;

namespace Tickwatch.IntegrationTests.AutoCutoff;

/// <summary>
/// AutoCutoff on the real Redis Cluster: two market services' watchers (two engines, one store) racing on one account
/// liquidate it once; a lock whose holder died (never renewed) expires and the other watcher proceeds; a close with an
/// outdated fence is refused by the commit script.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class AutoCutoffOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private CutoffDesk _desk = null!;
    private AccountId _account;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _account = new AccountId(UserType.Live, Random.Shared.NextInt64(10_000_000, 99_999_999));
        _desk = new CutoffDesk(new RedisTradingStore(cluster.Connection, TimeProvider.System), engines: 2) { Group = "AutoCutoffOnRedis" };
        await _desk.OpenAsync(_account);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task Two_watchers_on_two_engines_racing_on_one_account_liquidate_it_once()
    {
        var a = _desk.Watcher(0, "market-a");
        var b = _desk.Watcher(1, "market-b");
        _desk.Equity(180m);
        var (portfolio, account) = await _desk.PortfolioAsync(_account);

        a.OnPortfolio(portfolio, account, null);
        b.OnPortfolio(portfolio, account, null);
        await CutoffDesk.Settled(a);
        await CutoffDesk.Settled(b);

        Assert.Equal(1, a.Closes + b.Closes);
        Assert.Equal(OrderStatus.Closed, (await _desk.OrderAsync(_desk.EurUsd, _account)).Status);
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.GbpUsd, _account)).Status);
        Assert.Equal(1, a.DecisionCounts().GetValueOrDefault(AutoCutoffRecord.StopOutStarted) + b.DecisionCounts().GetValueOrDefault(AutoCutoffRecord.StopOutStarted));
        Assert.Null(await _desk.Locks.ReadStopOutLockAsync(_account, default));
        var entries = await ((RedisTradingStore)_desk.Store).ReadOutboxAsync(_account, default);
        Assert.Single(entries, e => e.Contains("\"close_position\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lock_whose_holder_died_expires_and_the_watcher_then_proceeds_and_the_dead_fence_closes_nothing()
    {
        var dead = (await _desk.Locks.TryLockStopOutAsync(_account, "dead", TimeSpan.FromMilliseconds(500), default))!;
        var watcher = _desk.Watcher(0, "alive");
        _desk.Equity(180m);
        await _desk.FeedAsync(watcher, _account);
        Assert.Equal(1, watcher.DecisionCounts()[AutoCutoffRecord.StopOutBusy]);

        await Eventually.UntilAsync(async () => await _desk.Locks.ReadStopOutLockAsync(_account, default) is null, "the dead holder's lock expires");
        var refused = await _desk.Engine.CloseForStopOutAsync(_account, _desk.EurUsd, dead, null, default);
        await _desk.FeedAsync(watcher, _account);

        Assert.Equal(RefusalReason.StaleFence, refused.Refusal);
        Assert.Equal(OrderStatus.Closed, (await _desk.OrderAsync(_desk.EurUsd, _account)).Status);
        Assert.True(watcher.Report().Recent.First(r => r.Decision == AutoCutoffRecord.ClosePosition).Fence > dead.Token);
    }
}
