using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Tests.Contract;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The Redis Cluster store passes the store contract, against the real test cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisPriceStoreContractTests(RedisClusterFixture cluster) : PriceStoreContract, IAsyncLifetime
{
    private RedisConnection _connection = null!;

    protected override IPriceStore Store => new RedisPriceStore(_connection, TimeProvider.System);

    protected override IPriceAnnouncer Publisher => new RedisPriceAnnouncer(_connection, Microsoft.Extensions.Options.Options.Create(_connection.Options));

    protected override IPriceAnnouncementSubscriber Subscriber => new RedisPriceAnnouncementSubscriber(_connection);

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _connection = cluster.Connection;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
