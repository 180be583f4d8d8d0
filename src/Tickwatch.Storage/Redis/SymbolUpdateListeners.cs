using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Storage.Redis;

/// <summary>Whether anyone listens on <c>market_price_updates</c>, asked of every node now and then, so that the write script publishes there only while someone does.</summary>
/// <remarks>
/// <para>
/// Redis Cluster relays every classic PUBLISH to every node whether or not anyone subscribed, which costs the cluster
/// more than the price's write (docs/BENCHMARKS.md). A subscriber may be connected to any node, master or replica, so
/// the check adds up <c>PUBSUB NUMSUB market_price_updates</c> of every node, every
/// <see cref="RedisStoreOptions.SymbolUpdatesListenerCheck"/>, in the background of a write.
/// </para>
/// <para>
/// It fails open: until the first check has answered, and whenever a node could not be asked (not connected, an error,
/// no answer in <see cref="RedisStoreOptions.NodeProbeTimeout"/>), the symbols are announced, as if someone listened.
/// A client that subscribes while nobody else listens gets its first symbols within one check interval.
/// </para>
/// </remarks>
internal sealed class SymbolUpdateListeners(RedisConnection connection, TimeProvider time, ILogger logger)
{
    private static readonly RedisChannel Channel = RedisChannel.Literal(RedisKeys.MarketPriceUpdatesChannel);

    private readonly Lock _gate = new();
    private bool _listened = true;
    private bool _checkedOnce;
    private long _checkedAt;
    private Task? _checking;
    private long _checks;

    /// <summary>Checks that have answered.</summary>
    public long Checks => Interlocked.Read(ref _checks);

    /// <summary>What the last check found: true when someone listens, or the check could not tell.</summary>
    public bool Listened => Volatile.Read(ref _listened);

    /// <summary>Whether the write about to go should publish on <c>market_price_updates</c>; starts a check in the background when the last is older than the interval.</summary>
    public bool ShouldAnnounce(IConnectionMultiplexer multiplexer)
    {
        var interval = connection.Options.SymbolUpdatesListenerCheck;
        if (interval <= TimeSpan.Zero)
        {
            return true;
        }

        lock (_gate)
        {
            if (_checking is null && (!_checkedOnce || time.GetElapsedTime(_checkedAt) >= interval))
            {
                _checking = CheckAsync(multiplexer);
            }
        }

        return Volatile.Read(ref _listened);
    }

    private async Task CheckAsync(IConnectionMultiplexer multiplexer)
    {
        // Off the writer's path: the write that started the check goes on at once.
        await Task.Yield();
        long subscribers = 0;
        var known = true;
        try
        {
            var servers = multiplexer.GetServers();
            known = servers.Length > 0 && servers.All(s => s.IsConnected);
            var counts = servers.Where(s => s.IsConnected).Select(s => s.SubscriptionSubscriberCountAsync(Channel)).ToArray();
            foreach (var count in counts)
            {
                try
                {
                    subscribers += await count.WaitAsync(connection.Options.NodeProbeTimeout, time).ConfigureAwait(false);
                }
                // A node that cannot tell may have a listener: fail open.
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    AbandonedTask.Observe(count);
                    known = false;
                }
            }
        }
        // A multiplexer being disposed may fail in any way; announcing stays as it was until the next check.
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or InvalidOperationException)
        {
            known = false;
        }

        var listened = !known || subscribers > 0;
        var was = Volatile.Read(ref _listened);
        Volatile.Write(ref _listened, listened);
        Interlocked.Increment(ref _checks);
        if (listened != was || Interlocked.Read(ref _checks) == 1)
        {
            RedisStoreLog.SymbolUpdateListeners(logger, subscribers, known ? "every node answered" : "some node could not be asked", listened ? "on" : "off");
        }

        lock (_gate)
        {
            _checkedOnce = true;
            _checkedAt = time.GetTimestamp();
            _checking = null;
        }
    }
}
