using StackExchange.Redis;
using Tickwatch.Core.Diagnostics;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Diagnostics;

/// <summary>Asks every node the client knows, in parallel and each under a timeout, what it says about itself and the cluster; and reads the client's own connection counters.</summary>
/// <remarks>Never throws for a node that is dead, slow or dropping: what went wrong is the answer. Writes nothing to Redis.</remarks>
internal sealed class RedisClusterProber(TimeProvider time, RedisConnection connection, RedisPriceStore? store)
{
    /// <summary>PING through the client, and PING, INFO, CLUSTER INFO and CLUSTER NODES to each node, each under <paramref name="timeout"/>.</summary>
    public async Task<ClusterProbe> ProbeAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ping = PingAsync(multiplexer, timeout, cancellationToken);
        var nodes = await Task.WhenAll(multiplexer.GetServers().Select(s => ProbeNodeAsync(s, timeout, cancellationToken))).ConfigureAwait(false);
        var (pingMs, pingError) = await ping.ConfigureAwait(false);
        return new ClusterProbe(pingMs, pingError, nodes);
    }

    /// <summary>The client's connections as its own counters see them, without asking any node.</summary>
    public ConnectionPoolSection ReadPool(IConnectionMultiplexer multiplexer)
    {
        var servers = multiplexer.GetServers();
        long pendingUnsent = 0, awaiting = 0, sockets = 0, subscriptions = 0;
        foreach (var server in servers)
        {
            try
            {
                var counters = server.GetCounters();
                pendingUnsent += counters.Interactive.PendingUnsentItems + counters.Subscription.PendingUnsentItems;
                awaiting += counters.Interactive.SentItemsAwaitingResponse + counters.Subscription.SentItemsAwaitingResponse;
                sockets += counters.Interactive.SocketCount + counters.Subscription.SocketCount;
                subscriptions += counters.Subscription.Subscriptions;
            }
            // A server being torn down may have no counters; it shows as disconnected below.
            catch (Exception)
            {
            }
        }

        return new ConnectionPoolSection
        {
            Status = multiplexer.IsConnected ? "connected" : "disconnected",
            ClientName = multiplexer.ClientName,
            EndpointsKnown = servers.Length,
            ConnectedEndpoints = [.. servers.Where(s => s.IsConnected).Select(s => RedisConnection.Describe(s.EndPoint)).Order(StringComparer.Ordinal)],
            DisconnectedEndpoints = [.. servers.Where(s => !s.IsConnected).Select(s => RedisConnection.Describe(s.EndPoint)).Order(StringComparer.Ordinal)],
            Operations = multiplexer.OperationCount,
            PendingUnsent = pendingUnsent,
            AwaitingResponse = awaiting,
            Sockets = sockets,
            Subscriptions = subscriptions,
            Timeouts = connection.Timeouts,
            ConnectionFailures = connection.ConnectionFailures,
            Reconnects = connection.ConnectionsRestored,
            ErrorMessages = connection.ErrorMessages,
            InternalErrors = connection.InternalErrors,
            TopologyChanges = connection.TopologyChanges,
            ScriptReloads = store?.ScriptReloads ?? 0,
            LastConnectionFailure = connection.LastFailure,
        };
    }

    private async Task<(double? Ms, string? Error)> PingAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ping = multiplexer.GetDatabase().PingAsync();
        try
        {
            var latency = await ping.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return (Math.Round(latency.TotalMilliseconds, 3), null);
        }
        // Reported in the report, never thrown.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            AbandonedTask.Observe(ping);
            return (null, ex is TimeoutException ? $"no answer within {timeout.TotalMilliseconds:0} ms" : ex.Message);
        }
    }

    private async Task<NodeProbe> ProbeNodeAsync(IServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = RedisConnection.Describe(server.EndPoint);
        var (host, port) = Split(address);
        if (!server.IsConnected)
        {
            return new NodeProbe(address, host, port, null, null, null, null, "not connected: the client cannot reach it and keeps retrying");
        }

        Task<TimeSpan> ping;
        Task<RedisResult> info, clusterInfo, clusterNodes;
        try
        {
            ping = server.PingAsync();
            info = server.ExecuteAsync("INFO");
            clusterInfo = server.ExecuteAsync("CLUSTER", "INFO");
            clusterNodes = server.ExecuteAsync("CLUSTER", "NODES");
        }
        // A node the client is dropping may refuse the question outright: reported, never thrown.
        catch (Exception ex)
        {
            return new NodeProbe(address, host, port, null, null, null, null, ex.Message);
        }

        Task[] all = [ping, info, clusterInfo, clusterNodes];
        string? error = null;
        try
        {
            await Task.WhenAll(all).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            error = $"no answer within {timeout.TotalMilliseconds:0} ms";
        }
        // A node dying mid-question may fail it in any way (connection, cancellation, protocol): it is reported, never thrown.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            error = ex.Message;
        }

        foreach (var task in all)
        {
            AbandonedTask.Observe(task);
        }

        // The node's PING time is its own measure of the round trip; a node that did not answer it has none.
        return new NodeProbe(
            address,
            host,
            port,
            ping.IsCompletedSuccessfully ? Math.Round(ping.Result.TotalMilliseconds, 3) : null,
            info.IsCompletedSuccessfully ? ClusterText.ParseFields(info.Result.ToString()) : null,
            clusterInfo.IsCompletedSuccessfully ? ClusterText.ParseFields(clusterInfo.Result.ToString()) : null,
            clusterNodes.IsCompletedSuccessfully ? ClusterText.ParseNodes(clusterNodes.Result.ToString()) : null,
            error);
    }

    private static (string Host, int Port) Split(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (address[..colon], port)
            : (address, 0);
    }
}
