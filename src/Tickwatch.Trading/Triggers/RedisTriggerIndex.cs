using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Triggers;

/// <summary>The trigger index on the Redis Cluster: the reference's sorted sets per symbol and kind, scored by price, with the exact prices beside them.</summary>
/// <remarks>
/// <para>
/// A trigger is the member <c>live:42|ORDER_ID</c> of <c>pending_index:{EURUSD}:BUY_LIMIT</c> (or <c>sl_index:{EURUSD}:BUY</c>,
/// <c>tp_index:{EURUSD}:SELL</c>), scored by its price as a double: that orders it for operators' range reads
/// (<c>ZRANGEBYSCORE</c>) and nothing more. The exact price, its order type and group are the field
/// <c>pending|live:42|ORDER_ID</c> of <c>trigger_prices:{EURUSD}</c>, so every comparison that fires a trigger is on
/// decimals. Both are written by one script on the symbol's slot.
/// </para>
/// <para>
/// <c>trigger_symbols</c> (no hash tag) lists the symbols to read at start; it is added to before the script, so a
/// symbol with an armed trigger is always listed (a listed one with none costs one empty read).
/// </para>
/// </remarks>
public sealed class RedisTriggerIndex : ITriggerIndex
{
    private readonly RedisConnection _connection;
    private long _unreadable;
    private long _scriptReloads;

    public RedisTriggerIndex(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        connection.Register(TriggerScripts.Arm);
        connection.Register(TriggerScripts.Disarm);
    }

    /// <summary>Entries of <c>trigger_prices</c> that did not parse when loaded (skipped).</summary>
    public long UnreadableEntries => Interlocked.Read(ref _unreadable);

    /// <summary>Script calls sent again as text because their node did not know the script (NOSCRIPT).</summary>
    public long ScriptReloads => Interlocked.Read(ref _scriptReloads);

    public Task ArmAsync(Trigger trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var id = trigger.Id;
        return Guard("arming " + id, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            await database.SetAddAsync(RedisKeys.TriggerSymbols, trigger.Symbol).WaitAsync(cancellationToken).ConfigureAwait(false);
            var target = TriggerWire.IndexKey(trigger);
            RedisKey[] keys =
            [
                target,
                RedisKeys.TriggerPrices(trigger.Symbol),
                .. TriggerWire.IndexKeys(trigger.Symbol, trigger.Kind).Where(k => k != target).Select(k => (RedisKey)k),
            ];
            RedisValue[] arguments =
            [
                TriggerWire.Member(trigger.Account, trigger.OrderId),
                TriggerWire.Score(trigger.Price).ToString("R", CultureInfo.InvariantCulture),
                TriggerWire.PriceField(id),
                TriggerWire.PriceValue(trigger),
            ];
            await EvaluateAsync(database, TriggerScripts.Arm, keys, arguments).ConfigureAwait(false);
            return true;
        });
    }

    public Task DisarmAsync(TriggerId id, CancellationToken cancellationToken) =>
        Guard("disarming " + id, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            RedisKey[] keys = [RedisKeys.TriggerPrices(id.Symbol), .. TriggerWire.IndexKeys(id.Symbol, id.Kind).Select(k => (RedisKey)k)];
            await EvaluateAsync(database, TriggerScripts.Disarm, keys, [TriggerWire.Member(id.Account, id.OrderId), TriggerWire.PriceField(id)]).ConfigureAwait(false);
            return true;
        });

    public Task<IReadOnlyList<Trigger>> LoadAllAsync(CancellationToken cancellationToken) =>
        Guard("loading the armed triggers", async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var symbols = (await database.SetMembersAsync(RedisKeys.TriggerSymbols).WaitAsync(cancellationToken).ConfigureAwait(false))
                .Select(s => (string)s!).Where(s => s.Length > 0).ToArray();
            var batch = database.CreateBatch();
            var reads = symbols.Select(s => batch.HashGetAllAsync(RedisKeys.TriggerPrices(s))).ToArray();
            batch.Execute();
            await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
            var triggers = new List<Trigger>();
            for (var i = 0; i < symbols.Length; i++)
            {
                foreach (var entry in reads[i].Result)
                {
                    if (TriggerWire.TryParse(symbols[i], (string)entry.Name!, (string)entry.Value!, out var trigger, out _))
                    {
                        triggers.Add(trigger!);
                    }
                    else
                    {
                        Interlocked.Increment(ref _unreadable);
                    }
                }
            }

            return (IReadOnlyList<Trigger>)triggers;
        });

    private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
    }

    private async Task EvaluateAsync(IDatabaseAsync database, RedisScript script, RedisKey[] keys, RedisValue[] arguments)
    {
        var (_, reloaded) = await script.EvaluateAsync(database, keys, arguments).ConfigureAwait(false);
        if (reloaded)
        {
            Interlocked.Increment(ref _scriptReloads);
        }
    }

    /// <summary>A failure of the store comes back as one <see cref="TradingStoreException"/> naming what was done.</summary>
    private static async Task<T> Guard<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new TradingStoreException($"Redis trigger index, {what}: {ex.Message}", ex);
        }
    }
}
