using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Orders.Redis;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The Redis Cluster trading store passes the trading store contract, against the real test cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisTradingStoreContractTests(RedisClusterFixture cluster) : TradingStoreContract, IAsyncLifetime
{
    private ITradingStore _store = null!;
    private IOrderEventStream _orderEvents = null!;

    protected override ITradingStore Store => _store;

    protected override IOrderEventStream OrderEvents => _orderEvents;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _store = new RedisTradingStore(cluster.Connection, orderEventsRetained: OrderEventsRetained);
        _orderEvents = new RedisOrderEventStream(cluster.Connection);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
