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
/// Asking the nodes is <see cref="RedisClusterProber"/>'s job, turning their answers into sections
/// <see cref="ClusterReportShaper"/>'s; this class opens the connection, times the build and puts the report together.
/// </remarks>
public sealed class RedisClusterDiagnostics
{
    private readonly TimeProvider _time;
    private readonly StoreErrorLog _errors;
    private readonly PriceStoreWriter? _writer;
    private readonly RedisConnection? _connection;
    private readonly RedisClusterProber? _prober;
    private readonly SingleFlight<RedisClusterReport> _build;

    public RedisClusterDiagnostics(TimeProvider time, StoreErrorLog errors, PriceStoreWriter? writer = null, RedisConnection? connection = null, RedisPriceStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(errors);
        _time = time;
        _errors = errors;
        _writer = writer;
        _connection = connection;
        _prober = connection is null ? null : new RedisClusterProber(time, connection, store);
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
        // The operators' endpoint must answer whatever the cluster does; the failure is the answer.
        catch (Exception ex)
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

        var probe = await _prober!.ProbeAsync(multiplexer, _connection.Options.NodeProbeTimeout, cancellationToken).ConfigureAwait(false);
        var view = ClusterReportShaper.ChooseView(probe.Nodes);
        var health = ClusterReportShaper.Health(view, probe.Nodes, probe.PingMs, probe.PingError);
        var nodes = ClusterReportShaper.Nodes(view, probe.Nodes);
        return new RedisClusterReport
        {
            Timestamp = _time.GetUtcNow(),
            Store = StoreKindNames.Of(StoreKind.RedisCluster),
            Configuration = _connection.Configuration,
            Summary = ClusterReportShaper.Summary(health, nodes),
            ClusterHealth = health,
            Nodes = nodes,
            ConnectionPool = _prober.ReadPool(multiplexer),
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
        ClusterHealth = ClusterReportShaper.Health(null, [], null, reason),
        Nodes = [],
        ConnectionPool = null,
        Performance = _writer?.GetStatistics(),
        RecentErrors = _errors.Recent(),
        ReportMs = Elapsed(started),
    };

    private double Elapsed(long started) => Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 3);
}
