using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Storage.Redis;

/// <summary>The price store on a Redis Cluster: one <c>market:SYMBOL</c> hash per symbol, written by the newer-wins script.</summary>
/// <remarks>
/// <para>
/// A batch is grouped by the node that serves each price's slot, and each group goes as one script call of up to
/// <see cref="PricesPerCall"/> prices (see <see cref="PriceWriteScript"/>). The calls are
/// pipelined: every call is queued on its node's connection before any reply is awaited, so a batch costs about one
/// round trip, and each node runs one Lua call per group rather than one per price.
/// </para>
/// <para>
/// The script runs by SHA (EVALSHA). <see cref="RedisConnection"/> loads it on every node at connect, after a topology
/// change and when a connection is restored, so a start or a failover meets no NOSCRIPT; a node that still answers it
/// (restarted empty, its script cache flushed) gets those calls again with the script's text (EVAL), which loads it there.
/// </para>
/// </remarks>
public sealed class RedisPriceStore : IAnnouncingPriceStore, IPriceFenceStore
{
    /// <summary>The fields <see cref="Parse"/> reads, in its order.</summary>
    internal static readonly RedisValue[] ReadFields =
    [
        MarketPriceFields.Bid, MarketPriceFields.Ask, MarketPriceFields.Timestamp, MarketPriceFields.SourceTime,
        MarketPriceFields.SourceSequence, MarketPriceFields.Feed, MarketPriceFields.ReceivedAt, MarketPriceFields.BookSequence,
        MarketPriceFields.VersionMicros, MarketPriceFields.VersionSequence,
    ];

    /// <summary>Most prices one script call carries.</summary>
    /// <remarks>
    /// A node spends about 10 µs per price in the script and about as much once per call, so 64 makes the call's
    /// own cost small, while a call holds its node for well under a millisecond (a node runs a script without pause).
    /// </remarks>
    public const int PricesPerCall = 64;

    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SymbolKey> _keys = new(StringComparer.Ordinal);
    private readonly Func<string, SymbolKey> _newKey = static symbol => new SymbolKey(RedisKeys.MarketPrice(symbol));
    private readonly SymbolUpdateListeners _listeners;
    private long _scriptReloads;

    public RedisPriceStore(RedisConnection connection, TimeProvider time, ILogger<RedisPriceStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        _connection = connection;
        _time = time;
        _listeners = new SymbolUpdateListeners(connection, time, logger ?? (ILogger)NullLogger.Instance);
        connection.Register(PriceFenceScripts.Seal);
    }

    public StoreKind Kind => StoreKind.RedisCluster;

    /// <summary>Prices that had to be sent again as EVAL because their node did not know the script.</summary>
    public long ScriptReloads => Interlocked.Read(ref _scriptReloads);

    /// <summary>
    /// Whether the last check found a client subscribed to <c>market_price_updates</c> (or could not tell), so that
    /// written symbols are announced there; see <see cref="RedisStoreOptions.SymbolUpdatesListenerCheck"/>.
    /// </summary>
    public bool SymbolUpdatesListened => _listeners.Listened;

    /// <summary>Checks for listeners of <c>market_price_updates</c> that have answered.</summary>
    public long SymbolUpdateListenerChecks => _listeners.Checks;

    /// <summary>True when <see cref="WriteAndAnnounceAsync"/> announces on at least one channel.</summary>
    public bool Announces => _connection.Options.PublishSymbolUpdates || _connection.Options.PublishPriceChannels;

    /// <summary>Writes newer-wins without announcing anything (the caller publishes what was written, if it wants).</summary>
    public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken) =>
        WriteAsync(prices, announce: false, cancellationToken);

    /// <summary>Writes newer-wins and announces, from inside the write script, each price written, on the channels that <see cref="RedisStoreOptions"/> turns on.</summary>
    public Task<IReadOnlyList<PriceWriteResult>> WriteAndAnnounceAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken) =>
        WriteAsync(prices, announce: true, cancellationToken);

    private async Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, bool announce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var results = new PriceWriteResult[prices.Count];
        if (prices.Count == 0)
        {
            return results;
        }

        IConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            for (var i = 0; i < prices.Count; i++)
            {
                results[i] = PriceWriteResult.Failed(prices[i], ex);
            }

            return results;
        }

        var stored = new StoredPrice[prices.Count];
        for (var i = 0; i < prices.Count; i++)
        {
            stored[i] = prices[i].AsStored();
        }

        var calls = ScriptCalls(multiplexer, prices, stored, announce, _time.GetUtcNow());
        var database = multiplexer.GetDatabase();
        var batch = database.CreateBatch();
        foreach (var call in calls)
        {
            call.Reply = batch.ScriptEvaluateAsync(PriceWriteScript.Sha1, call.Keys, call.Arguments);
        }

        batch.Execute();
        await WhenAllSettled(calls).ConfigureAwait(false);

        // Calls to a node that did not know the script go again, as EVAL (which loads it there), in one more pipelined batch.
        var reloads = 0;
        IBatch? again = null;
        foreach (var call in calls)
        {
            if (call.Reply.Exception?.InnerException is RedisServerException server && server.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                again ??= database.CreateBatch();
                call.Reply = again.ScriptEvaluateAsync(PriceWriteScript.Source, call.Keys, call.Arguments);
                reloads += call.Indexes.Count;
            }
        }

        if (again is not null)
        {
            Interlocked.Add(ref _scriptReloads, reloads);
            again.Execute();
            await WhenAllSettled(calls).ConfigureAwait(false);
        }

        var timeouts = 0;
        foreach (var call in calls)
        {
            timeouts += ReadReply(call, prices, stored, results);
        }

        if (timeouts > 0)
        {
            _connection.CountTimeouts(timeouts);
        }

        return results;
    }

    /// <summary>Seals the feed's fences, one script call per node (pipelined) for the symbols whose slots it serves.</summary>
    /// <exception cref="PriceStoreException">The store could not be reached or a call failed; nothing is known of what was sealed.</exception>
    public async Task<PriceFenceSeal> SealAsync(string feed, long token, IReadOnlyList<string> symbols, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentOutOfRangeException.ThrowIfLessThan(token, 1);
        ArgumentNullException.ThrowIfNull(symbols);
        if (symbols.Count == 0)
        {
            return new PriceFenceSeal(0, 0);
        }

        try
        {
            var multiplexer = await _connection.GetAsync(ct).ConfigureAwait(false);
            var database = multiplexer.GetDatabase();
            var calls = new List<Task<(RedisResult Reply, bool Reloaded)>>();
            var byNode = new Dictionary<EndPoint, List<RedisKey>>();
            var alone = new List<RedisKey>();
            foreach (var symbol in symbols.Distinct(StringComparer.Ordinal))
            {
                RedisKey key = RedisKeys.PriceFence(symbol);
                if (NodeOf(multiplexer, key) is { } node)
                {
                    if (!byNode.TryGetValue(node, out var keys))
                    {
                        byNode[node] = keys = [];
                    }

                    keys.Add(key);
                }
                else
                {
                    alone.Add(key);
                }
            }

            foreach (var keys in byNode.Values.Append(alone).Where(k => k.Count > 0))
            {
                foreach (var chunk in keys.Chunk(PricesPerCall * 4))
                {
                    RedisValue[] arguments = [feed, token, .. chunk.Select(k => (RedisValue)k.ToString())];
                    calls.Add(PriceFenceScripts.Seal.EvaluateAsync(database, [chunk[0]], arguments));
                }
            }

            var replies = await Task.WhenAll(calls).WaitAsync(ct).ConfigureAwait(false);
            var sealedCount = 0;
            var max = 0L;
            foreach (var (reply, _) in replies)
            {
                var parts = (RedisResult[])reply!;
                sealedCount += (int)parts[0];
                max = Math.Max(max, long.Parse((string)parts[1]!, NumberStyles.None, CultureInfo.InvariantCulture));
            }

            return new PriceFenceSeal(sealedCount, max);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or FormatException or InvalidCastException or ObjectDisposedException)
        {
            throw new PriceStoreException($"Sealing the fences of feed {feed} on {symbols.Count} symbols failed: {ex.Message}", ex);
        }
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
    private SymbolKey KeyOf(string symbol) => _keys.GetOrAdd(symbol, _newKey);

    /// <summary>The calls of one write: the prices grouped by the node that serves their slot, in their order, at most <see cref="PricesPerCall"/> per call.</summary>
    private List<ScriptCall> ScriptCalls(IConnectionMultiplexer multiplexer, IReadOnlyList<StoredPrice> prices, StoredPrice[] stored, bool announce, DateTimeOffset now)
    {
        var options = _connection.Options;
        var announceSymbols = announce && options.PublishSymbolUpdates && _listeners.ShouldAnnounce(multiplexer);
        var announcePrices = announce && options.PublishPriceChannels;
        var byNode = new Dictionary<EndPoint, List<int>>();
        var calls = new List<ScriptCall>();
        var keys = new SymbolKey[prices.Count];
        for (var i = 0; i < prices.Count; i++)
        {
            keys[i] = KeyOf(prices[i].Symbol);
            if (NodeOf(multiplexer, keys[i].Routing[0]) is { } node)
            {
                if (!byNode.TryGetValue(node, out var indexes))
                {
                    byNode[node] = indexes = new List<int>(Math.Min(PricesPerCall, prices.Count));
                }

                indexes.Add(i);
            }
            else
            {
                // A slot whose node is unknown now: the price goes alone, routed by its own key.
                calls.Add(ScriptCall.Of([i], keys, stored, announceSymbols, announcePrices, now));
            }
        }

        foreach (var indexes in byNode.Values)
        {
            for (var start = 0; start < indexes.Count; start += PricesPerCall)
            {
                var chunk = indexes.GetRange(start, Math.Min(PricesPerCall, indexes.Count - start));
                calls.Add(ScriptCall.Of(chunk, keys, stored, announceSymbols, announcePrices, now));
            }
        }

        return calls;
    }

    private static EndPoint? NodeOf(IConnectionMultiplexer multiplexer, RedisKey key)
    {
        try
        {
            return multiplexer.GetServer(key, flags: CommandFlags.DemandMaster).EndPoint;
        }
        catch (Exception ex) when (ex is RedisException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Reads one call's reply into the results of its prices; returns how many timed out.</summary>
    private static int ReadReply(ScriptCall call, IReadOnlyList<StoredPrice> prices, StoredPrice[] stored, PriceWriteResult[] results)
    {
        var reply = call.Reply;
        if (!reply.IsCompletedSuccessfully)
        {
            var error = reply.Exception?.InnerException ?? new TaskCanceledException(reply);
            foreach (var i in call.Indexes)
            {
                results[i] = PriceWriteResult.Failed(prices[i], error);
            }

            return error is RedisTimeoutException ? call.Indexes.Count : 0;
        }

        var elements = reply.Result.Resp2Type == ResultType.Array ? (RedisResult[]?)reply.Result : null;
        if (elements is null || elements.Length != call.Indexes.Count)
        {
            var error = new InvalidDataException($"The write script answered {reply.Result} for {call.Indexes.Count} prices.");
            foreach (var i in call.Indexes)
            {
                results[i] = PriceWriteResult.Failed(prices[i], error);
            }

            return 0;
        }

        for (var k = 0; k < elements.Length; k++)
        {
            var i = call.Indexes[k];
            results[i] = PriceWriteScript.ReadOutcome(elements[k], out var storedVersion, out var replacedFuture, out var fence, out var error) switch
            {
                PriceWriteOutcome.RefusedFenced => PriceWriteResult.RefusedFenced(prices[i], fence),
                PriceWriteOutcome.Written when replacedFuture && storedVersion is { } replaced => PriceWriteResult.WrittenOverFuture(stored[i], replaced),
                PriceWriteOutcome.Written => PriceWriteResult.Written(stored[i]),
                PriceWriteOutcome.RefusedOlder => PriceWriteResult.RefusedOlder(prices[i], storedVersion),
                _ => PriceWriteResult.Failed(prices[i], error!),
            };
        }

        return 0;
    }

    /// <summary>A <c>market:SYMBOL</c> hash as a price; null when the hash does not exist.</summary>
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
            : PriceVersion.Of(sourceTime, receivedAt, Long(fields[4]), bookSequence);
        return new StoredPrice
        {
            Symbol = symbol,
            Bid = bid,
            Ask = ask,
            Timestamp = storedAt,
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

    private static async Task WhenAllSettled(List<ScriptCall> calls)
    {
        try
        {
            await Task.WhenAll(calls.Select(c => c.Reply)).ConfigureAwait(false);
        }
        // Each call's own outcome is read from its task afterwards.
        catch (Exception)
        {
        }
    }

    /// <summary>One script call: the prices it carries (their indexes in the write), its key and arguments, its reply.</summary>
    private sealed class ScriptCall(List<int> indexes, RedisKey[] keys, RedisValue[] arguments)
    {
        public List<int> Indexes { get; } = indexes;

        public RedisKey[] Keys { get; } = keys;

        public RedisValue[] Arguments { get; } = arguments;

        public Task<RedisResult> Reply { get; set; } = Task.FromResult(RedisResult.Create(RedisValue.Null));

        /// <summary>The call carrying the prices at <paramref name="indexes"/>, routed by the first one's key.</summary>
        public static ScriptCall Of(List<int> indexes, SymbolKey[] keys, StoredPrice[] stored, bool announceSymbols, bool announcePrices, DateTimeOffset now)
        {
            var arguments = new RedisValue[PriceWriteScript.HeaderArguments + (indexes.Count * PriceWriteScript.ArgumentsPerPrice)];
            PriceWriteScript.WriteHeader(arguments, announceSymbols, announcePrices, now);
            var offset = PriceWriteScript.HeaderArguments;
            foreach (var i in indexes)
            {
                var price = stored[i];
                PriceWriteScript.WritePrice(arguments, offset, keys[i].Value, price, announcePrices ? PriceAnnouncementJson.Serialize(price) : null);
                offset += PriceWriteScript.ArgumentsPerPrice;
            }

            return new ScriptCall(indexes, keys[indexes[0]].Routing, arguments);
        }
    }

    /// <summary>A symbol's <c>market:SYMBOL</c> key, as the call's routing key and as a script argument.</summary>
    private sealed class SymbolKey(string key)
    {
        public RedisKey[] Routing { get; } = [key];

        public RedisValue Value { get; } = key;
    }
}
