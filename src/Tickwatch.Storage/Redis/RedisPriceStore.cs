using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Redis;

/// <summary>The price store on a Redis Cluster: one <c>market:{SYMBOL}</c> hash per symbol, written by the newer-wins script.</summary>
/// <remarks>
/// A batch is pipelined: every script call is queued on its node's connection before any reply is awaited, so a
/// batch costs about one round trip per node, not one per price. The script runs by SHA (EVALSHA); a node that does
/// not know it yet (a new or failed-over master, a flushed script cache) answers NOSCRIPT, and those prices are
/// sent again with the script's text (EVAL), which also loads it there.
/// </remarks>
public sealed class RedisPriceStore : IPriceStore
{
    private static readonly RedisValue[] ReadFields =
    [
        MarketPriceFields.Bid, MarketPriceFields.Ask, MarketPriceFields.StoredAt, MarketPriceFields.SourceTime,
        MarketPriceFields.SourceSequence, MarketPriceFields.Feed, MarketPriceFields.ReceivedAt, MarketPriceFields.BookSequence,
        MarketPriceFields.VersionMicros, MarketPriceFields.VersionSequence,
    ];

    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RedisKey[]> _keys = new(StringComparer.Ordinal);
    private readonly Func<string, RedisKey[]> _newKey = static symbol => [RedisKeys.MarketPrice(symbol)];
    private long _scriptReloads;

    public RedisPriceStore(RedisConnection connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        _connection = connection;
        _time = time;
    }

    public StoreKind Kind => StoreKind.RedisCluster;

    /// <summary>Prices that had to be sent again as EVAL because their node did not know the script.</summary>
    public long ScriptReloads => Interlocked.Read(ref _scriptReloads);

    public async Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var results = new PriceWriteResult[prices.Count];
        if (prices.Count == 0)
        {
            return results;
        }

        IDatabase database;
        try
        {
            database = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            for (var i = 0; i < prices.Count; i++)
            {
                results[i] = PriceWriteResult.Failed(prices[i], ex);
            }

            return results;
        }

        var storedAt = _time.GetUtcNow();
        var storedAtMilliseconds = storedAt.ToUnixTimeMilliseconds();
        var arguments = new RedisValue[prices.Count][];
        var calls = new Task<RedisResult>[prices.Count];
        var batch = database.CreateBatch();
        for (var i = 0; i < prices.Count; i++)
        {
            arguments[i] = PriceWriteScript.Arguments(prices[i], storedAtMilliseconds);
            calls[i] = batch.ScriptEvaluateAsync(PriceWriteScript.Sha1, KeysOf(prices[i].Symbol), arguments[i]);
        }

        batch.Execute();
        await WhenAllSettled(calls).ConfigureAwait(false);

        // Prices whose node did not know the script go again, as EVAL, in one more pipelined batch.
        List<int>? reload = null;
        for (var i = 0; i < calls.Length; i++)
        {
            if (calls[i].Exception?.InnerException is RedisServerException server && server.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                (reload ??= []).Add(i);
            }
        }

        if (reload is not null)
        {
            Interlocked.Add(ref _scriptReloads, reload.Count);
            var again = database.CreateBatch();
            foreach (var i in reload)
            {
                calls[i] = again.ScriptEvaluateAsync(PriceWriteScript.Source, KeysOf(prices[i].Symbol), arguments[i]);
            }

            again.Execute();
            await WhenAllSettled(calls).ConfigureAwait(false);
        }

        var timeouts = 0;
        for (var i = 0; i < calls.Length; i++)
        {
            results[i] = ResultOf(prices[i], calls[i], storedAt);
            timeouts += results[i].Error is RedisTimeoutException ? 1 : 0;
        }

        if (timeouts > 0)
        {
            _connection.CountTimeouts(timeouts);
        }

        return results;
    }

    public async Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        var prices = await ReadManyAsync([symbol], cancellationToken).ConfigureAwait(false);
        return prices[0];
    }

    public async Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var prices = new StoredPrice?[symbols.Count];
        if (symbols.Count == 0)
        {
            return prices;
        }

        try
        {
            var database = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
            var reads = new Task<RedisValue[]>[symbols.Count];
            var batch = database.CreateBatch();
            for (var i = 0; i < symbols.Count; i++)
            {
                reads[i] = batch.HashGetAsync(RedisKeys.MarketPrice(symbols[i]), ReadFields);
            }

            batch.Execute();
            await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < symbols.Count; i++)
            {
                prices[i] = Parse(symbols[i], await reads[i].ConfigureAwait(false));
            }

            return prices;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or FormatException or ObjectDisposedException)
        {
            throw new PriceStoreException($"Reading {symbols.Count} prices from the Redis Cluster failed: {ex.Message}", ex);
        }
    }

    // The key of a symbol is built once: the writer sends the same few thousand symbols again and again.
    private RedisKey[] KeysOf(string symbol) => _keys.GetOrAdd(symbol, _newKey);

    /// <summary>A <c>market:{SYMBOL}</c> hash as a price; null when the hash does not exist.</summary>
    /// <exception cref="FormatException">The hash exists but has no valid bid and ask.</exception>
    internal static StoredPrice? Parse(string symbol, RedisValue[] fields)
    {
        if (fields.All(f => f.IsNull))
        {
            return null;
        }

        var bid = ExactDecimal.Parse(fields[0]);
        var ask = ExactDecimal.Parse(fields[1]);
        DateTimeOffset? storedAt = Long(fields[2]) is { } ts ? DateTimeOffset.FromUnixTimeMilliseconds(ts) : null;
        DateTimeOffset? sourceTime = Long(fields[3]) is { } sourceTs ? DateTimeOffset.FromUnixTimeMilliseconds(sourceTs) : null;
        var receivedAt = Long(fields[6]) is { } receivedMicros ? PriceVersion.FromUnixMicros(receivedMicros) : storedAt ?? DateTimeOffset.UnixEpoch;
        var bookSequence = Long(fields[7]) ?? 0;

        // A hash written by the reference system has no version: it is as old as its write time.
        var version = Long(fields[8]) is { } micros
            ? new PriceVersion(micros, Long(fields[9]) ?? 0)
            : new PriceVersion(PriceVersion.ToUnixMicros(sourceTime ?? receivedAt), Long(fields[4]) ?? bookSequence);
        return new StoredPrice
        {
            Symbol = symbol,
            Bid = bid,
            Ask = ask,
            StoredAt = storedAt,
            SourceTime = sourceTime,
            SourceSequence = Long(fields[4]),
            Feed = fields[5].IsNull ? "" : (string)fields[5]!,
            ReceivedAt = receivedAt,
            BookSequence = bookSequence,
            Version = version,
        };
    }

    private static long? Long(RedisValue value) =>
        value.IsNullOrEmpty ? null : long.Parse((string)value!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static PriceWriteResult ResultOf(StoredPrice price, Task<RedisResult> call, DateTimeOffset storedAt)
    {
        if (!call.IsCompletedSuccessfully)
        {
            return PriceWriteResult.Failed(price, call.Exception?.InnerException ?? new TaskCanceledException(call));
        }

        try
        {
            return PriceWriteScript.TryReadWritten(call.Result, out var stored)
                ? PriceWriteResult.Written(price.AsStored(storedAt))
                : PriceWriteResult.RefusedOlder(price, stored);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidCastException)
        {
            return PriceWriteResult.Failed(price, ex);
        }
    }

    private static async Task WhenAllSettled(Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Each call's own outcome is read from its task afterwards.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
