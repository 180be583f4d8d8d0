using StackExchange.Redis;
using Tickwatch.Storage.Diagnostics;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Health;

/// <summary>Asks the Redis Cluster whether it is there: a PING through the client and <c>CLUSTER INFO</c> from a connected master, with the round trip's latency.</summary>
/// <remarks>Never throws for an unreachable cluster: the probe says so, with the reason. It opens the connection on first use.</remarks>
public sealed class RedisStoreHealth : IStoreHealth
{
    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;

    public RedisStoreHealth(RedisConnection connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        _connection = connection;
        _time = time;
    }

    public StoreKind Kind => StoreKind.RedisCluster;

    public async Task<StoreProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        var options = _connection.Options;
        try
        {
            var multiplexer = await _connection.GetAsync(cancellationToken).WaitAsync(options.ConnectTimeout + options.SyncTimeout, _time, cancellationToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            await multiplexer.GetDatabase().PingAsync().WaitAsync(options.SyncTimeout, _time, cancellationToken).ConfigureAwait(false);
            var latency = _time.GetElapsedTime(started);

            var master = multiplexer.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica);
            if (master is null)
            {
                return new StoreProbe(true, latency, null, $"PING answered in {latency.TotalMilliseconds:0.###} ms but no master is connected");
            }

            var info = await master.ExecuteAsync("CLUSTER", "INFO").WaitAsync(options.SyncTimeout, _time, cancellationToken).ConfigureAwait(false);
            var fields = ClusterText.ParseFields(info.ToString());
            var state = fields.GetValueOrDefault("cluster_state", "unknown");
            return new StoreProbe(true, latency, state,
                $"cluster_state:{state}, {fields.GetValueOrDefault("cluster_slots_ok", "?")} slots ok, {fields.GetValueOrDefault("cluster_known_nodes", "?")} nodes known (asked {RedisConnection.Describe(master.EndPoint)}); PING {latency.TotalMilliseconds:0.###} ms");
        }
        catch (TimeoutException)
        {
            return new StoreProbe(false, null, null, $"Redis Cluster at {_connection.Configuration} did not answer within {options.SyncTimeout.TotalMilliseconds:0} ms");
        }
        catch (RedisException ex)
        {
            return new StoreProbe(false, null, null, $"Redis Cluster at {_connection.Configuration} is unreachable: {ex.Message}");
        }
    }
}
