using System.Diagnostics;
using StackExchange.Redis;
using Tickwatch.Core.Diagnostics;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage.Diagnostics;

/// <summary>Builds the report of <c>GET /api/debug/redis-cluster</c>; for the in-memory store, a plain report that says so.</summary>
/// <remarks>
/// Every node the client knows is asked in parallel (PING, INFO, CLUSTER INFO, CLUSTER NODES), each under
/// <see cref="RedisStoreOptions.NodeProbeTimeout"/>: a dead node shows as unreachable, never as a hang. The cluster's
/// own view (state, slots, flags such as <c>fail?</c> and <c>fail</c>) comes from the first reachable master. The
/// report never writes anything to Redis. Callers that ask while a report is being built (the dashboard, the
/// comprehensive report and this endpoint, polled at once) share that one build instead of probing every node again.
/// </remarks>
public sealed class RedisClusterDiagnostics
{
    private readonly TimeProvider _time;
    private readonly StoreErrorLog _errors;
    private readonly PriceStoreWriter? _writer;
    private readonly RedisConnection? _connection;
    private readonly RedisPriceStore? _store;
    private readonly SingleFlight<RedisClusterReport> _build;

    public RedisClusterDiagnostics(TimeProvider time, StoreErrorLog errors, PriceStoreWriter? writer = null, RedisConnection? connection = null, RedisPriceStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(errors);
        _time = time;
        _errors = errors;
        _writer = writer;
        _connection = connection;
        _store = store;
        _build = new SingleFlight<RedisClusterReport>(BuildReportAsync);
    }

    public StoreKind Kind => _connection is null ? StoreKind.InMemory : StoreKind.RedisCluster;

    /// <summary>The report as of now; never throws for an unreachable or failing cluster (only for cancellation).</summary>
    /// <remarks>A cancelled caller stops waiting; the build it shares is bounded by the probe and connect timeouts.</remarks>
    public Task<RedisClusterReport> GetReportAsync(CancellationToken cancellationToken) => _build.RunAsync(cancellationToken);

    private async Task<RedisClusterReport> BuildReportAsync()
    {
        var started = _time.GetTimestamp();
        try
        {
            return await BuildAsync(started, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The operators' endpoint must answer whatever the cluster does; the failure is the answer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _errors.Add(new StoreError(_time.GetUtcNow(), "diagnostics", ex.Message, null, 1));
            return UnreachableReport(started, "the report could not be built: " + ex.Message);
        }
    }

    private async Task<RedisClusterReport> BuildAsync(long started, CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            return InMemoryReport(started);
        }

        var multiplexer = _connection.Multiplexer;
        if (multiplexer is null)
        {
            // First use: open the connection, but no longer than one probe timeout for this report.
            try
            {
                multiplexer = await _connection.GetAsync(cancellationToken).WaitAsync(_connection.Options.ConnectTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return UnreachableReport(started, "the connection is still being opened");
            }
            catch (RedisException ex)
            {
                return UnreachableReport(started, ex.Message);
            }
        }

        var timeout = _connection.Options.NodeProbeTimeout;
        var ping = PingAsync(multiplexer, timeout, cancellationToken);
        var probes = await Task.WhenAll(multiplexer.GetServers().Select(s => ProbeAsync(s, timeout, cancellationToken))).ConfigureAwait(false);
        var (pingMs, pingError) = await ping.ConfigureAwait(false);

        // The cluster's own view, from the first reachable master that answered CLUSTER INFO.
        var view = probes
            .Where(p => p.ClusterInfo is not null && p.Self is { IsMaster: true } && !p.Self.Flags.Contains("fail"))
            .OrderBy(p => p.Address, StringComparer.Ordinal)
            .FirstOrDefault()
            ?? probes.Where(p => p.ClusterInfo is not null).OrderBy(p => p.Address, StringComparer.Ordinal).FirstOrDefault();

        var health = Health(view, probes, pingMs, pingError);
        var nodes = Nodes(view, probes);
        var unreachable = nodes.Count(n => !n.Reachable);
        return new RedisClusterReport
        {
            Timestamp = _time.GetUtcNow(),
            Store = StoreKindNames.Of(StoreKind.RedisCluster),
            Configuration = _connection.Configuration,
            Summary = $"Redis Cluster: cluster_state {health.ClusterState}; {nodes.Count} nodes, {unreachable} unreachable from this client.",
            ClusterHealth = health,
            Nodes = nodes,
            ConnectionPool = Pool(multiplexer),
            Performance = _writer?.GetStatistics(),
            RecentErrors = _errors.Recent(),
            ReportMs = Elapsed(started),
        };
    }

    private RedisClusterReport InMemoryReport(long started) => new()
    {
        Timestamp = _time.GetUtcNow(),
        Store = StoreKindNames.Of(StoreKind.InMemory),
        Configuration = null,
        Summary = "store: in-memory (embedded default; Redis:Configuration is empty). There is no Redis cluster: nothing is shared between processes or kept across a restart.",
        ClusterHealth = new ClusterHealthSection
        {
            ClusterState = "not_applicable",
            PingSuccess = null,
            PingTimeMs = null,
            SlotsAssigned = null,
            SlotsOk = null,
            SlotsPfail = null,
            SlotsFail = null,
            KnownNodes = null,
            Size = null,
            CurrentEpoch = null,
            AnsweredBy = null,
            Error = null,
        },
        Nodes = [],
        ConnectionPool = null,
        Performance = _writer?.GetStatistics(),
        RecentErrors = _errors.Recent(),
        ReportMs = Elapsed(started),
    };

    private RedisClusterReport UnreachableReport(long started, string reason) => new()
    {
        Timestamp = _time.GetUtcNow(),
        Store = StoreKindNames.Of(StoreKind.RedisCluster),
        Configuration = _connection!.Configuration,
        Summary = "Redis Cluster: unreachable (" + reason + ").",
        ClusterHealth = Health(null, [], null, reason),
        Nodes = [],
        ConnectionPool = null,
        Performance = _writer?.GetStatistics(),
        RecentErrors = _errors.Recent(),
        ReportMs = Elapsed(started),
    };

    private static ClusterHealthSection Health(NodeProbe? view, NodeProbe[] probes, double? pingMs, string? pingError)
    {
        var info = view?.ClusterInfo;
        string? error = null;
        if (info is null)
        {
            error = probes.Any(p => p.Reachable)
                ? "no node answered CLUSTER INFO: " + probes.Select(p => p.Error).FirstOrDefault(e => e is not null)
                : "no node answered: " + (pingError ?? probes.Select(p => p.Error).FirstOrDefault(e => e is not null) ?? "no node is known");
        }

        return new ClusterHealthSection
        {
            ClusterState = info is not null && info.TryGetValue("cluster_state", out var state) ? state : probes.Any(p => p.Reachable) ? "unknown" : "unreachable",
            PingSuccess = pingMs is not null,
            PingTimeMs = pingMs,
            SlotsAssigned = info is null ? null : ClusterText.Int(info, "cluster_slots_assigned"),
            SlotsOk = info is null ? null : ClusterText.Int(info, "cluster_slots_ok"),
            SlotsPfail = info is null ? null : ClusterText.Int(info, "cluster_slots_pfail"),
            SlotsFail = info is null ? null : ClusterText.Int(info, "cluster_slots_fail"),
            KnownNodes = info is null ? null : ClusterText.Int(info, "cluster_known_nodes"),
            Size = info is null ? null : ClusterText.Int(info, "cluster_size"),
            CurrentEpoch = info is null ? null : ClusterText.Long(info, "cluster_current_epoch"),
            AnsweredBy = view?.Address,
            Error = error,
        };
    }

    private static List<ClusterNodeReport> Nodes(NodeProbe? view, NodeProbe[] probes)
    {
        var byAddress = probes.GroupBy(p => p.Address, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var lines = view?.ClusterNodes ?? [];
        var linesById = lines.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var reports = new List<ClusterNodeReport>();
        foreach (var line in lines)
        {
            byAddress.TryGetValue(line.Address, out var probe);
            NodeProbe? masterProbe = null;
            if (line.MasterId is { } masterId && linesById.TryGetValue(masterId, out var masterLine))
            {
                byAddress.TryGetValue(masterLine.Address, out masterProbe);
            }

            reports.Add(Node(line, probe, masterProbe));
        }

        // Nodes the client knows that the cluster's view does not list (or no view at all).
        foreach (var probe in probes.Where(p => lines.All(l => l.Address != p.Address)))
        {
            reports.Add(Node(probe.Self, probe, null));
        }

        return [.. reports.OrderBy(r => r.Host, StringComparer.Ordinal).ThenBy(r => r.Port)];
    }

    private static ClusterNodeReport Node(ClusterNodeLine? line, NodeProbe? probe, NodeProbe? masterProbe)
    {
        var info = probe?.Info;
        var role = line?.IsMaster == true ? "master" : line?.IsReplica == true ? "replica"
            : info is not null && info.TryGetValue("role", out var r) ? (r == "slave" ? "replica" : r) : "unknown";
        long? offset = info is null ? null : role == "replica" ? ClusterText.Long(info, "slave_repl_offset") : ClusterText.Long(info, "master_repl_offset");
        long? lagBytes = null;
        int? lagSeconds = null;
        if (role == "replica" && masterProbe?.Info is { } masterInfo && line is not null)
        {
            var masterOffset = ClusterText.Long(masterInfo, "master_repl_offset");
            lagBytes = masterOffset is { } m && offset is { } o ? Math.Max(0, m - o) : null;
            if (ClusterText.ParseReplicas(masterInfo).TryGetValue(line.Address, out var seen))
            {
                lagSeconds = seen.Lag;
            }
        }

        string? error = probe is null ? "not connected by this client (the cluster lists it; the client has no connection to it)" : probe.Error;
        if (error is null && line is not null && (line.Flags.Contains("fail") || line.Flags.Contains("fail?")))
        {
            error = "the cluster flags it " + string.Join(',', line.Flags.Where(f => f.StartsWith("fail", StringComparison.Ordinal)));
        }

        return new ClusterNodeReport
        {
            Id = line?.Id,
            Host = line?.Host ?? probe!.Host,
            Port = line?.Port ?? probe!.Port,
            Role = role,
            MasterId = line?.MasterId,
            Flags = line?.Flags.Where(f => f != "myself").ToArray() ?? [],
            LinkState = line?.LinkState,
            Slots = line?.Slots ?? SlotAssignment.None,
            Reachable = probe?.Reachable ?? false,
            PingMs = probe?.PingMs,
            UsedMemory = info is null ? null : ClusterText.Long(info, "used_memory"),
            UsedMemoryHuman = info is not null && info.TryGetValue("used_memory_human", out var human) ? human : null,
            ConnectedClients = info is null ? null : ClusterText.Int(info, "connected_clients"),
            MasterLinkStatus = role == "replica" && info is not null && info.TryGetValue("master_link_status", out var link) ? link : null,
            MasterLastIoSecondsAgo = role == "replica" && info is not null ? ClusterText.Int(info, "master_last_io_seconds_ago") : null,
            ReplicationOffset = offset,
            ReplicationLagBytes = lagBytes,
            ReplicationLagSeconds = lagSeconds,
            LastError = error,
        };
    }

    private ConnectionPoolSection Pool(IConnectionMultiplexer multiplexer)
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
#pragma warning disable CA1031 // A server being torn down may have no counters; it shows as disconnected below.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        var connection = _connection!;
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
            ScriptReloads = _store?.ScriptReloads ?? 0,
            LastConnectionFailure = connection.LastFailure,
        };
    }

    private async Task<(double? Ms, string? Error)> PingAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ping = multiplexer.GetDatabase().PingAsync();
        try
        {
            var latency = await ping.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return (Math.Round(latency.TotalMilliseconds, 3), null);
        }
#pragma warning disable CA1031 // Reported in the report, never thrown.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            Observe(ping);
            return (null, ex is TimeoutException ? $"no answer within {timeout.TotalMilliseconds:0} ms" : ex.Message);
        }
    }

    private async Task<NodeProbe> ProbeAsync(IServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = RedisConnection.Describe(server.EndPoint);
        var (host, port) = Split(address);
        if (!server.IsConnected)
        {
            return new NodeProbe(address, host, port, null, null, null, null, "not connected: the client cannot reach it and keeps retrying");
        }

        var started = Stopwatch.GetTimestamp();
        Task<TimeSpan> ping;
        Task<RedisResult> info, clusterInfo, clusterNodes;
        try
        {
            ping = server.PingAsync();
            info = server.ExecuteAsync("INFO");
            clusterInfo = server.ExecuteAsync("CLUSTER", "INFO");
            clusterNodes = server.ExecuteAsync("CLUSTER", "NODES");
        }
#pragma warning disable CA1031 // A node the client is dropping may refuse the question outright: reported, never thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new NodeProbe(address, host, port, null, null, null, null, ex.Message);
        }

        Task[] all = [ping, info, clusterInfo, clusterNodes];
        string? error = null;
        try
        {
            await Task.WhenAll(all).WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            error = $"no answer within {timeout.TotalMilliseconds:0} ms";
        }
#pragma warning disable CA1031 // A node dying mid-question may fail it in any way (connection, cancellation, protocol): it is reported, never thrown.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            error = ex.Message;
        }

        foreach (var task in all)
        {
            Observe(task);
        }

        double? pingMs = ping.IsCompletedSuccessfully ? Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3) : null;
        return new NodeProbe(
            address,
            host,
            port,
            ping.IsCompletedSuccessfully ? Math.Round(ping.Result.TotalMilliseconds, 3) : pingMs,
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

    // A reply that comes after the probe gave up is dropped; its error must not surface as an unobserved task exception.
    private static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private double Elapsed(long started) => Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 3);
}
