using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Orders.Redis;
using Tickwatch.Trading.Tests.OrderAnnouncements;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The Redis Cluster's order announcements pass the order announcements contract, against the real test cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisOrderAnnouncementsContractTests(RedisClusterFixture cluster) : OrderAnnouncementsContract, IAsyncLifetime
{
    private IOrderAnnouncements _announcements = null!;

    protected override IOrderAnnouncements Announcements => _announcements;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _announcements = new RedisOrderAnnouncements(cluster.Connection);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
