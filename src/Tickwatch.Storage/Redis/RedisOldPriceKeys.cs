using StackExchange.Redis;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Redis;

/// <summary>The price hashes an earlier Tickwatch wrote on the Redis Cluster under <see cref="RedisKeys.OldMarketPrice"/> (<c>market:{EURUSD}</c>).</summary>
public sealed class RedisOldPriceKeys : IOldPriceKeys
{
    // Deletes the old hash only while it holds the version that was moved (or, for a hash without one, the same ts).
    private const string DeleteIfUnchanged = """
        local cur = redis.call('HMGET', KEYS[1], 'ver_us', 'ver_seq', 'ts')
        if not cur[1] and not cur[3] then
          return redis.call('EXISTS', KEYS[1]) == 0 and 1 or 0
        end
        local same
        if cur[1] then
          same = cur[1] == ARGV[1] and (cur[2] or '0') == ARGV[2]
        else
          same = cur[3] == ARGV[3]
        end
        if same then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """;

    private readonly RedisConnection _connection;

    public RedisOldPriceKeys(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
    }

    public async Task<OldPriceRead> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var prices = new List<StoredPrice>();
        var unreadable = new List<string>();
        if (symbols.Count == 0)
        {
            return new OldPriceRead(prices, unreadable);
        }

        try
        {
            var database = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
            var reads = new Task<RedisValue[]>[symbols.Count];
            var batch = database.CreateBatch();
            for (var i = 0; i < symbols.Count; i++)
            {
                reads[i] = batch.HashGetAsync(RedisKeys.OldMarketPrice(symbols[i]), RedisPriceStore.ReadFields);
            }

            batch.Execute();
            await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < symbols.Count; i++)
            {
                try
                {
                    if (RedisPriceStore.Parse(symbols[i], await reads[i].ConfigureAwait(false)) is { } price)
                    {
                        prices.Add(price);
                    }
                }
                catch (FormatException)
                {
                    // Not a price: left where it is, and named in the migration's result.
                    unreadable.Add(symbols[i]);
                }
            }

            return new OldPriceRead(prices, unreadable);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new PriceStoreException($"Reading {symbols.Count} old-form price keys from the Redis Cluster failed: {ex.Message}", ex);
        }
    }

    public async Task<bool> DeleteAsync(StoredPrice price, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(price);
        try
        {
            var database = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
            RedisValue ts = price.Timestamp is { } storedAt ? storedAt.ToUnixTimeMilliseconds() : RedisValue.EmptyString;
            var reply = await database.ScriptEvaluateAsync(
                DeleteIfUnchanged,
                [RedisKeys.OldMarketPrice(price.Symbol)],
                [price.Version.TimestampMicros, price.Version.Sequence, ts]).ConfigureAwait(false);
            return (long)reply == 1;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new PriceStoreException($"Deleting the old-form price key of {price.Symbol} failed: {ex.Message}", ex);
        }
    }
}
