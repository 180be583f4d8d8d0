using Tickwatch.Storage;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Trading.Seed;

/// <summary>The seed mark on the Redis Cluster: string <c>cluster:seed_done</c>, no TTL.</summary>
public sealed class RedisClusterSeedMark(RedisConnection connection) : IClusterSeedMark
{
    public async Task<string?> ReadAsync(CancellationToken ct)
    {
        var database = (await connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();
        return await database.StringGetAsync(RedisKeys.SeedDone).WaitAsync(ct).ConfigureAwait(false);
    }

    public async Task MarkAsync(string doneBy, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(doneBy);
        var database = (await connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();
        await database.StringSetAsync(RedisKeys.SeedDone, doneBy).WaitAsync(ct).ConfigureAwait(false);
    }
}
