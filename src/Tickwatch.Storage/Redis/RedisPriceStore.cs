using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Cluster;
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
/// The grouping follows the client's slot map, which a master failover or a slot migration can leave stale, so that a
/// call carries keys of two nodes. Its node then refuses the keys of slots it does not serve, untouched (see
/// <see cref="CrossNodeReply"/>), and those go again within the same write, one per call, each routed by its own key
/// (which the client follows to the slot's owner): the write lands whole, counted in <see cref="CrossNodeResends"/> and
/// logged at most once a minute. The seal does the same with its fence keys.
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
    private readonly ILogger _logger;
    private long _scriptReloads;
    private long _crossNodeResends;
    private long _crossNodeSealResends;
    private long _crossNodeLoggedTotal;
    private long _nextCrossNodeLine = long.MinValue;

    public RedisPriceStore(RedisConnection connection, TimeProvider time, ILogger<RedisPriceStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        _connection = connection;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _listeners = new SymbolUpdateListeners(connection, time, _logger);
        connection.Register(PriceFenceScripts.Seal);
    }

    public StoreKind Kind => StoreKind.RedisCluster;

    /// <summary>Prices that had to be sent again as EVAL because their node did not know the script.</summary>
    public long ScriptReloads => Interlocked.Read(ref _scriptReloads);

    /// <summary>
    /// Prices sent again one per call, routed by their own key, because the node of their call did not serve their slot
    /// (the client's slot map was stale: a master failover or a slot migration); see <see cref="CrossNodeReply"/>.
    /// </summary>
    public long CrossNodeResends => Interlocked.Read(ref _crossNodeResends);

    /// <summary>Fence keys of a seal sent again one per call for the same reason as <see cref="CrossNodeResends"/>.</summary>
    public long CrossNodeSealResends => Interlocked.Read(ref _crossNodeSealResends);

    /// <summary>Least time between two log lines about <see cref="CrossNodeResends"/>: one line per failover, not one per price.</summary>
    public static readonly TimeSpan CrossNodeLogInterval = TimeSpan.FromMinutes(1);

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
        await SendAsync(database, calls).ConfigureAwait(false);
        var timeouts = 0;
        foreach (var call in calls)
        {
            timeouts += ReadReply(call, prices, stored, results);
        }

        // A node that did not serve the slot of some of its call's keys (the slot map went stale in a failover or a slot
        // migration) refused just those, untouched: they go again in this write, one per call, each routed by its own key.
        var alone = AloneCalls(calls, prices, results);
        if (alone is not null)
        {
            CountCrossNode(ref _crossNodeResends, alone.Count, results[alone[0].Indexes[0]].Error, "write");
            await SendAsync(database, alone).ConfigureAwait(false);
            foreach (var call in alone)
            {
                timeouts += ReadReply(call, prices, stored, results);
            }
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

        var started = _time.GetTimestamp();
        try
        {
            var multiplexer = await _connection.GetAsync(ct).ConfigureAwait(false);
            var database = multiplexer.GetDatabase();
            var fences = symbols.Distinct(StringComparer.Ordinal).Select(RedisKeys.PriceFence).ToList();
            var byNode = new Dictionary<EndPoint, NodeGroup>();
            var alone = new List<RedisKey>();
            for (var i = 0; i < fences.Count; i++)
            {
                if (GroupOf(multiplexer, fences[i], PartitionMap.HashSlot(fences[i]), byNode, fences.Count) is { } group)
                {
                    group.Add(i);
                }
                else
                {
                    alone.Add(fences[i]);
                }
            }

            var perNode = byNode.Values.Select(g => g.Indexes.Select(i => (RedisKey)fences[i]).ToList());
            var calls = new List<Task<SealReply>>();
            foreach (var keys in perNode.Append(alone).Where(k => k.Count > 0))
            {
                foreach (var chunk in keys.Chunk(PricesPerCall * 4))
                {
                    calls.Add(SealCallAsync(database, feed, token, chunk));
                }
            }

            var replies = await Task.WhenAll(calls).WaitAsync(ct).ConfigureAwait(false);

            // Keys a node could not read (not its slot: a stale slot map) were left untouched: seal each on its own node.
            var again = replies.SelectMany(r => r.Unread).ToList();
            if (again.Count > 0)
            {
                CountCrossNode(ref _crossNodeSealResends, again.Count, again[0].Error, "fence");
                replies = [.. replies, .. await Task.WhenAll(again.Select(u => SealCallAsync(database, feed, token, [u.Key]))).WaitAsync(ct).ConfigureAwait(false)];
            }

            var sealedCount = 0;
            var max = 0L;
            foreach (var reply in replies)
            {
                sealedCount += reply.Sealed;
                max = Math.Max(max, reply.MaxFenceSeen);
            }

            var elapsedMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            ClusterLog.Sealed(_logger, feed, token, fences.Count, sealedCount, elapsedMs);

            return new PriceFenceSeal(sealedCount, max);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or FormatException or InvalidCastException or ObjectDisposedException)
        {
            throw new PriceStoreException($"Sealing the fences of feed {feed} on {symbols.Count} symbols failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// One seal call for <paramref name="keys"/>, routed by the first. Keys of several it could not read because their slot
    /// is on another node come back as <see cref="SealReply.Unread"/>; any other failure throws.
    /// </summary>
    private static async Task<SealReply> SealCallAsync(IDatabase database, string feed, long token, RedisKey[] keys)
    {
        RedisValue[] arguments = [feed, token, .. keys.Select(k => (RedisValue)k.ToString())];
        RedisResult reply;
        try
        {
            (reply, _) = await PriceFenceScripts.Seal.EvaluateAsync(database, [keys[0]], arguments).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (keys.Length > 1 && CrossNodeReply.Is(ex))
        {
            // Refused before the script ran (MOVED not followed, TRYAGAIN): nothing was sealed.
            return new SealReply(0, 0, [.. keys.Select(k => new UnreadFence(k, ex))]);
        }

        var parts = (RedisResult[])reply!;
        var unread = new List<UnreadFence>();
        var errors = (RedisResult[])parts[2]!;
        for (var e = 0; e + 1 < errors.Length; e += 2)
        {
            var error = new RedisServerException((string)errors[e + 1]!);
            if (keys.Length == 1 || !CrossNodeReply.Is(error))
            {
                throw error;
            }

            unread.Add(new UnreadFence(keys[(int)errors[e] - 1], error));
        }

        return new SealReply((int)parts[0], long.Parse((string)parts[1]!, NumberStyles.None, CultureInfo.InvariantCulture), unread);
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
        var byNode = new Dictionary<EndPoint, NodeGroup>();
        var calls = new List<ScriptCall>();
        var keys = new SymbolKey[prices.Count];
        for (var i = 0; i < prices.Count; i++)
        {
            keys[i] = KeyOf(prices[i].Symbol);
            if (GroupOf(multiplexer, keys[i].Routing[0], keys[i].Slot, byNode, Math.Min(PricesPerCall, prices.Count)) is { } indexes)
            {
                indexes.Add(i);
            }
            else
            {
                // A slot whose node is unknown now, or that the node says it does not serve: the price goes alone, routed by its own key.
                calls.Add(ScriptCall.Of([i], keys, stored, announceSymbols, announcePrices, now));
            }
        }

        foreach (var indexes in byNode.Values.Select(g => g.Indexes))
        {
            for (var start = 0; start < indexes.Count; start += PricesPerCall)
            {
                var chunk = indexes.GetRange(start, Math.Min(PricesPerCall, indexes.Count - start));
                calls.Add(ScriptCall.Of(chunk, keys, stored, announceSymbols, announcePrices, now));
            }
        }

        return calls;
    }

    /// <summary>
    /// The indexes of the group of the node that serves <paramref name="slot"/> by the client's slot map, made on first use;
    /// null when that node is unknown now, or its own view says it does not serve the slot (the map named no connected master).
    /// </summary>
    private static List<int>? GroupOf(IConnectionMultiplexer multiplexer, RedisKey key, int slot, Dictionary<EndPoint, NodeGroup> byNode, int capacity)
    {
        IServer server;
        try
        {
            server = multiplexer.GetServer(key, flags: CommandFlags.DemandMaster);
        }
        catch (Exception ex) when (ex is RedisException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }

        if (!byNode.TryGetValue(server.EndPoint, out var group))
        {
            byNode[server.EndPoint] = group = new NodeGroup(ServedSlots.Of(server.ClusterConfiguration), new List<int>(capacity));
        }

        // Without a view of its own yet, the node is trusted as the map names it.
        return group.Served is not { } served || served.Serves(slot) ? group.Indexes : null;
    }

    /// <summary>Sends the calls pipelined and waits for every reply; calls to a node that did not know the script go again as EVAL (which loads it there).</summary>
    private async Task SendAsync(IDatabase database, List<ScriptCall> calls)
    {
        var batch = database.CreateBatch();
        foreach (var call in calls)
        {
            call.Reply = batch.ScriptEvaluateAsync(PriceWriteScript.Sha1, call.Keys, call.Arguments);
        }

        batch.Execute();
        await WhenAllSettled(calls).ConfigureAwait(false);

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
    }

    /// <summary>One call per price that a call of several refused because its node did not serve the price's slot; null when none did.</summary>
    private List<ScriptCall>? AloneCalls(List<ScriptCall> calls, IReadOnlyList<StoredPrice> prices, PriceWriteResult[] results)
    {
        List<ScriptCall>? alone = null;
        foreach (var call in calls)
        {
            // A price alone was routed by its own key already: another try would meet the same map.
            if (call.Indexes.Count < 2)
            {
                continue;
            }

            for (var k = 0; k < call.Indexes.Count; k++)
            {
                var result = results[call.Indexes[k]];
                if (result.Outcome == PriceWriteOutcome.Failed && CrossNodeReply.Is(result.Error))
                {
                    (alone ??= []).Add(call.Alone(k, KeyOf(prices[call.Indexes[k]].Symbol).Routing));
                }
            }
        }

        return alone;
    }

    /// <summary>Counts keys sent again after a cross-node reply and logs it at most once per <see cref="CrossNodeLogInterval"/>.</summary>
    private void CountCrossNode(ref long counter, int count, Exception? reason, string what)
    {
        Interlocked.Add(ref counter, count);
        var now = _time.GetTimestamp();
        var next = Interlocked.Read(ref _nextCrossNodeLine);
        if (now < next || Interlocked.CompareExchange(ref _nextCrossNodeLine, now + (long)(CrossNodeLogInterval.TotalSeconds * _time.TimestampFrequency), next) != next)
        {
            return;
        }

        var total = CrossNodeResends + CrossNodeSealResends;
        var since = total - Interlocked.Exchange(ref _crossNodeLoggedTotal, total);
        RedisStoreLog.CrossNodeResent(_logger, count, what, since, total, reason?.Message ?? "");
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

        /// <summary>A call carrying only this call's <paramref name="k"/>-th price, routed by its own key.</summary>
        public ScriptCall Alone(int k, RedisKey[] routing)
        {
            var arguments = new RedisValue[PriceWriteScript.HeaderArguments + PriceWriteScript.ArgumentsPerPrice];
            Array.Copy(Arguments, arguments, PriceWriteScript.HeaderArguments);
            Array.Copy(Arguments, PriceWriteScript.HeaderArguments + (k * PriceWriteScript.ArgumentsPerPrice), arguments, PriceWriteScript.HeaderArguments, PriceWriteScript.ArgumentsPerPrice);
            return new ScriptCall([Indexes[k]], routing, arguments);
        }
    }

    /// <summary>A symbol's <c>market:SYMBOL</c> key, as the call's routing key and as a script argument.</summary>
    private sealed class SymbolKey(string key)
    {
        public RedisKey[] Routing { get; } = [key];

        public int Slot { get; } = PartitionMap.HashSlot(key);

        public RedisValue Value { get; } = key;
    }

    /// <summary>The keys (their indexes) grouped for one node, and the slots it says it serves (null: it has not said yet).</summary>
    private sealed record NodeGroup(ServedSlots? Served, List<int> Indexes);

    /// <summary>What one seal call did, and the keys it left to be sealed on their own node.</summary>
    private sealed record SealReply(int Sealed, long MaxFenceSeen, IReadOnlyList<UnreadFence> Unread);

    /// <summary>A fence key a seal call could not read, with the node's answer.</summary>
    private sealed record UnreadFence(RedisKey Key, RedisServerException Error);
}
