using Tickwatch.Core.Prices;
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

    protected override IOldPriceKeys OldKeys => new RedisOldPriceKeys(_connection);

    // Written literally, as the earlier Tickwatch's script left it: the old key form and every field it set.
    protected override async Task PutOldKeyAsync(StoredPrice price) =>
        await (await _connection.GetAsync(default)).GetDatabase().HashSetAsync("market:{" + price.Symbol + "}",
        [
            new("bid", ExactDecimal.Format(price.Bid)), new("ask", ExactDecimal.Format(price.Ask)), new("ts", price.Timestamp!.Value.ToUnixTimeMilliseconds()),
            new("received_at", PriceVersion.ToUnixMicros(price.ReceivedAt)), new("book_seq", price.BookSequence), new("feed", price.Feed),
            new("ver_us", price.Version.TimestampMicros), new("ver_seq", price.Version.Sequence),
        ]);

    protected override async Task<bool> OldKeyExistsAsync(string symbol) =>
        await (await _connection.GetAsync(default)).GetDatabase().KeyExistsAsync("market:{" + symbol + "}");

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _connection = cluster.Connection;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
