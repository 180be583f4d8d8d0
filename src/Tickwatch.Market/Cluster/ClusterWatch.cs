using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Cluster;

/// <summary>
/// Leased mode's look at the cluster every <see cref="ClusterOptions.HeartbeatInterval"/> (supervised service
/// <c>cluster_watch</c>): keeps the last <see cref="ClusterSnapshot"/> for the metrics, which a scrape must not wait on
/// the store for, and counts the leases this instance gained and lost between two looks.
/// </summary>
/// <remarks>
/// A lease counts as <c>released</c> when it was handed to the instance rendezvous hashing names (a partition moving to
/// a newcomer, or an adopted one handed back), as <c>lost</c> otherwise; a lease held again under a new token between
/// two looks was lost and acquired. A flap shorter than one interval that keeps its token is not seen.
/// </remarks>
public sealed class ClusterWatch : ISupervisedService
{
    private readonly IClusterStatus _status;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Lease, string Change), long> _changes = new();
    private readonly Lock _gate = new();
    private Dictionary<string, long> _mine = new(StringComparer.Ordinal);
    private ClusterSnapshot? _last;
    private long _fencedWrites;
    private DateTimeOffset? _lastLeaseLostAt;
    private DateTimeOffset? _lastFencedWriteAt;

    public ClusterWatch(IClusterStatus status, IOptions<ClusterOptions> options, TimeProvider time, ILogger<ClusterWatch> logger)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _status = status;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public string Name => "cluster_watch";

    public string DisplayName => "Cluster watch";

    /// <summary>The last look at the cluster; null before the first.</summary>
    public ClusterSnapshot? Last => Volatile.Read(ref _last);

    /// <summary>When this instance last lost a lease (not a hand-over to its desired owner); null when never.</summary>
    public DateTimeOffset? LastLeaseLostAt
    {
        get
        {
            lock (_gate)
            {
                return _lastLeaseLostAt;
            }
        }
    }

    /// <summary>When a look last found more of this instance's writes refused by a fence than the one before; null when never.</summary>
    public DateTimeOffset? LastFencedWriteAt
    {
        get
        {
            lock (_gate)
            {
                return _lastFencedWriteAt;
            }
        }
    }

    /// <summary>Lease changes seen since the start, by lease and change (<c>acquired</c>, <c>lost</c>, <c>released</c>).</summary>
    public IReadOnlyDictionary<(string Lease, string Change), long> Changes => _changes.ToDictionary();

    /// <summary>Whether the last look found the feed's lease held by another live instance: its prices are written there.</summary>
    public bool IsStandby(string feed)
    {
        if (Last is not { } last)
        {
            return false;
        }

        var name = LeaseName.Feed(feed);
        var state = last.Leases.FirstOrDefault(l => l.Name == name);
        return state?.Holder is { } holder
            && FeedRoles.FromHolder(holder, last.InstanceId).Kind == FeedRoleKind.Standby
            && last.Instances.Any(i => i.Id == holder);
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        do
        {
            try
            {
                Observe(await _status.SnapshotAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store's own checks report it unreachable; the last look stays until the next one answers.
                ClusterMarketLog.WatchFailed(_logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Takes one look: keeps it, and counts what this instance gained and lost since the one before.</summary>
    public void Observe(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var mine = snapshot.Leases
            .Where(l => l.Token is not null && string.Equals(l.Holder, snapshot.InstanceId, StringComparison.Ordinal))
            .ToDictionary(l => l.Name.ToString(), l => l.Token!.Value, StringComparer.Ordinal);
        var markets = snapshot.Instances.Where(i => i.Role == InstanceRecord.MarketRole).Select(i => i.Id).Append(snapshot.InstanceId).Distinct().ToList();
        lock (_gate)
        {
            foreach (var (lease, token) in _mine)
            {
                if (mine.TryGetValue(lease, out var now) && now == token)
                {
                    continue;
                }

                var change = IsHandOver(snapshot, lease, markets) ? ClusterMetricNames.Released : ClusterMetricNames.Lost;
                Count(lease, change);
                if (change == ClusterMetricNames.Lost)
                {
                    _lastLeaseLostAt = snapshot.At;
                }
            }

            foreach (var (lease, token) in mine)
            {
                if (!_mine.TryGetValue(lease, out var before) || before != token)
                {
                    Count(lease, ClusterMetricNames.Acquired);
                }
            }

            if (snapshot.FencedWrites > _fencedWrites)
            {
                _lastFencedWriteAt = snapshot.At;
            }

            _fencedWrites = snapshot.FencedWrites;
            _mine = mine;
            Volatile.Write(ref _last, snapshot);
        }
    }

    // A partition now held by the instance rendezvous hashing gives it to: this instance handed it over.
    private static bool IsHandOver(ClusterSnapshot snapshot, string lease, IReadOnlyList<string> markets) =>
        LeaseName.TryParse(lease, out var name)
        && name.Kind == LeaseKind.Partition
        && snapshot.Leases.FirstOrDefault(l => l.Name == name)?.Holder is { } holder
        && holder != snapshot.InstanceId
        && holder == RendezvousAssignment.OwnerOf(int.Parse(name.Value, System.Globalization.CultureInfo.InvariantCulture), markets);

    private void Count(string lease, string change) => _changes.AddOrUpdate((lease, change), 1, (_, n) => n + 1);
}
