using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Portfolio.Redis;
using Tickwatch.Trading.Tests.Portfolio;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The Redis Cluster portfolio store passes the portfolio store contract, against the real test cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisPortfolioStoreContractTests(RedisClusterFixture cluster) : PortfolioStoreContract, IAsyncLifetime
{
    private IPortfolioStore _store = null!;

    protected override IPortfolioStore Store => _store;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _store = new RedisPortfolioStore(cluster.Connection);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
