using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Core.Diagnostics;
using Tickwatch.Storage.Diagnostics;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Health;

/// <summary>
/// Asks the Redis Cluster whether it can take prices: a PING through the client, <c>CLUSTER INFO</c> and
/// <c>CLUSTER NODES</c> from a connected master (every slot must have a reachable master), and one short-lived
/// probe write to each master that serves slots, with the round trip's latency.
/// </summary>
/// <remarks>
/// Never throws for an unreachable cluster: the probe says so, with the reason. It opens the connection on first use.
/// It runs on every readiness call, so it costs one PING, two CLUSTER commands to one node and one SET per master,
/// each bounded by the sync timeout. The writes go to one key per master (<see cref="RedisKeys.HealthProbe"/>) rather
/// than to one fixed key: a fixed key tests only the master of its slot, while a read-only, out-of-memory or
/// cluster-down master elsewhere would fail a third of the prices unnoticed.
/// </remarks>
public sealed class RedisStoreHealth : IStoreHealth
{
    private static readonly TimeSpan ProbeKeyLifetime = TimeSpan.FromSeconds(60);

    // Search bound for a tag in a master's slots: a master with one slot needs about 16384 tries on average.
    private const int MaxTagSearch = 1_000_000;

    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, int> _tags = new(StringComparer.Ordinal);

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
                return new StoreProbe(true, latency, null, $"PING answered in {latency.TotalMilliseconds:0.###} ms but no master is connected")
                {
                    Problem = "no master is connected to this client, so no slot can be written",
                    SlotsCovered = 0,
                    SlotsWithoutMaster = ["0-16383"],
                };
            }

            var info = master.ExecuteAsync("CLUSTER", "INFO");
            var nodes = master.ExecuteAsync("CLUSTER", "NODES");
            await Task.WhenAll(info, nodes).WaitAsync(options.SyncTimeout, _time, cancellationToken).ConfigureAwait(false);
            var fields = ClusterText.ParseFields((await info.ConfigureAwait(false)).ToString());
            var state = fields.GetValueOrDefault("cluster_state", "unknown");
            var coverage = SlotCoverage.Read((await nodes.ConfigureAwait(false)).ToString(), ClientView(multiplexer));
            var failures = await ProbeWritesAsync(multiplexer, coverage.ServingMasters, cancellationToken).ConfigureAwait(false);

            var problems = new List<string>();
            if (coverage.Problem is { } uncovered)
            {
                problems.Add(uncovered);
            }

            if (failures.Count > 0)
            {
                problems.Add("probe write failed: " + string.Join("; ", failures));
            }

            var detail = $"cluster_state:{state}, {fields.GetValueOrDefault("cluster_slots_ok", "?")} slots ok, {fields.GetValueOrDefault("cluster_known_nodes", "?")} nodes known (asked {RedisConnection.Describe(master.EndPoint)}); "
                + $"PING {latency.TotalMilliseconds:0.###} ms; probe write ok on {coverage.ServingMasters.Count - failures.Count} of {coverage.ServingMasters.Count} masters";
            return new StoreProbe(true, latency, state, detail)
            {
                Problem = problems.Count == 0 ? null : string.Join("; ", problems),
                SlotsCovered = coverage.Covered,
                SlotsWithoutMaster = coverage.Uncovered,
                ProbeWrites = coverage.ServingMasters.Count,
                ProbeWritesFailed = failures.Count,
            };
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

    // The client's own view: a node it knows and is not connected to does not serve it, whatever the cluster says.
    private static Func<string, bool> ClientView(IConnectionMultiplexer multiplexer)
    {
        var connected = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var server in multiplexer.GetServers())
        {
            connected[RedisConnection.Describe(server.EndPoint)] = server.IsConnected;
        }

        return address => connected.GetValueOrDefault(address, true);
    }

    /// <summary>One SET with a short TTL to each master, all at once; the failures as an operator reads them.</summary>
    private async Task<List<string>> ProbeWritesAsync(IConnectionMultiplexer multiplexer, IReadOnlyList<ClusterNodeLine> masters, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        if (masters.Count == 0)
        {
            return failures;
        }

        var database = multiplexer.GetDatabase();
        var value = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var writes = new Task[masters.Count];
        for (var i = 0; i < masters.Count; i++)
        {
            writes[i] = database.StringSetAsync(RedisKeys.HealthProbe(TagOf(multiplexer, masters[i])), value, ProbeKeyLifetime);
        }

        try
        {
            await Task.WhenAll(writes).WaitAsync(_connection.Options.SyncTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        // Each write's own outcome is read from its task below.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
        }

        for (var i = 0; i < masters.Count; i++)
        {
            var write = writes[i];
            if (write.IsCompletedSuccessfully)
            {
                continue;
            }

            var reason = write.IsFaulted
                ? write.Exception!.InnerException!.Message
                : string.Create(CultureInfo.InvariantCulture, $"no answer within {_connection.Options.SyncTimeout.TotalMilliseconds:0} ms");

            // A reply that comes after the probe gave up is dropped.
            AbandonedTask.Observe(write);
            failures.Add($"{masters[i].Address} (slots {string.Join(' ', masters[i].Slots.Ranges)}): {reason}");
        }

        return failures;
    }

    /// <summary>A tag whose <see cref="RedisKeys.HealthProbe"/> key falls in a slot of <paramref name="master"/>; found once per slot assignment.</summary>
    private int TagOf(IConnectionMultiplexer multiplexer, ClusterNodeLine master)
    {
        var assignment = string.Join(' ', master.Slots.Ranges);
        return _tags.GetOrAdd(assignment, _ =>
        {
            var ranges = SlotCoverage.Ranges(master.Slots).ToArray();
            for (var tag = 0; tag < MaxTagSearch; tag++)
            {
                var slot = multiplexer.HashSlot(RedisKeys.HealthProbe(tag));
                if (ranges.Any(r => slot >= r.From && slot <= r.To))
                {
                    return tag;
                }
            }

            // Not reached for any real assignment; the write then tests whichever master serves tag 0.
            return 0;
        });
    }
}
