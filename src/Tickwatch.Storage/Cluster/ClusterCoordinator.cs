using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Storage.Cluster;

/// <summary>
/// Leased mode's lease holder (supervised service <c>cluster_coordinator</c>): acquires the leases this instance's work
/// waits for, renews them, knows until when each may be acted on, releases them on stopping, and writes the heartbeat.
/// </summary>
/// <remarks>
/// <para>
/// A lease is competed for from the first <see cref="WaitForAsync"/> of its name on, one loop per lease: a standby
/// reads the holder's remaining TTL and tries again just after it runs out (at most <see cref="ClusterOptions.AcquirePoll"/>
/// later); a holder renews every <see cref="ClusterOptions.RenewInterval"/>. Whether this instance may act on a lease is
/// <see cref="LeaseTable"/>'s answer on the monotonic clock, so a renewal that is not answered in time stops the work
/// even while the store cannot be reached.
/// </para>
/// <para>
/// On stopping, every lease is released so that a standby takes it at once, and the heartbeat is removed. A killed
/// process releases nothing: its leases expire after their TTL.
/// </para>
/// </remarks>
public sealed class ClusterCoordinator : ISupervisedService, ILeaseHolder, IInstanceRegistry, ILeaseFloor
{
    private static readonly TimeSpan MaxJitter = TimeSpan.FromMilliseconds(50);
    private readonly ILeaseStore _store;
    private readonly IInstanceDirectory _directory;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreErrorLog? _errors;
    private readonly IPartitionOwnership? _partitions;
    private readonly IProviderConnectionState? _provider;
    private readonly LeaseTable _table;
    private readonly DateTimeOffset _startedAt;
    private readonly ConcurrentDictionary<LeaseName, byte> _wanted = new();
    private readonly ConcurrentDictionary<LeaseName, long> _floors = new();
    private readonly ConcurrentDictionary<LeaseName, long> _yieldingSince = new();
    private readonly ConcurrentDictionary<LeaseName, byte> _looping = new();
    private readonly Channel<LeaseName> _newlyWanted = Channel.CreateUnbounded<LeaseName>();
    private readonly Lock _liveGate = new();
    private HashSet<string> _live = new(StringComparer.Ordinal);
    private long _leaseChanges;
    private long _storeFailures;

    public ClusterCoordinator(
        ILeaseStore store,
        IInstanceDirectory directory,
        IOptions<ClusterOptions> options,
        TimeProvider time,
        ILogger<ClusterCoordinator>? logger = null,
        StoreErrorLog? errors = null,
        IPartitionOwnership? partitions = null,
        IProviderConnectionState? provider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _directory = directory;
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _errors = errors;
        _partitions = partitions;
        _provider = provider;
        _table = new LeaseTable(time, _options.SafetyMargin);
        _startedAt = time.GetUtcNow();
        InstanceId = _options.EffectiveInstanceId();
    }

    public string Name => "cluster_coordinator";

    public string DisplayName => "Cluster coordinator";

    public string InstanceId { get; }

    public ClusterMode Mode => ClusterMode.Leased;

    /// <summary>Leases acquired, lost and released since the instance started.</summary>
    public long LeaseChanges => Interlocked.Read(ref _leaseChanges);

    /// <summary>Lease and heartbeat calls the store failed since the instance started.</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>The leases competed for, held or not.</summary>
    public IReadOnlyCollection<LeaseName> Wanted => [.. _wanted.Keys];

    /// <summary>The grants held and valid now.</summary>
    public IReadOnlyList<LeaseGrant> Held => _table.Held;

    public InstanceRecord Self => new(
        InstanceId,
        InstanceRecord.MarketRole,
        _options.AdvertisedUrl,
        _startedAt,
        _time.GetUtcNow(),
        ClusterMode.Leased,
        // The partition leases the partition ownership holds are this instance's leases too.
        _table.Held.Concat(_partitions is LeasedPartitionOwnership leased ? leased.Held : []).DistinctBy(g => g.Name)
            .ToDictionary(g => g.Name.ToString(), g => g.Token, StringComparer.Ordinal),
        // Partition leases are held by the partition ownership when it is given, by this table otherwise.
        _partitions is not null
            ? [.. _partitions.Owned.Order()]
            : [.. _table.Held.Where(g => g.Name.Kind == LeaseKind.Partition).Select(g => int.Parse(g.Name.Value, System.Globalization.CultureInfo.InvariantCulture)).Order()],
        [.. _table.Held.Where(g => g.Name.Kind == LeaseKind.Feed).Select(g => g.Name.Value).Order(StringComparer.Ordinal)],
        ProviderConnected: _provider?.ProviderConnected ?? false);

    public bool Holds(LeaseName name, out long token) => _table.Holds(name, out token);

    public Task<HeldLease> WaitForAsync(LeaseName name, CancellationToken ct)
    {
        Want(name);
        return _table.WaitAsync(name, ct);
    }

    /// <summary>Competes for <paramref name="name"/> from now on, without waiting for it.</summary>
    public void Want(LeaseName name)
    {
        if (_wanted.TryAdd(name, 0))
        {
            _newlyWanted.Writer.TryWrite(name);
        }
    }

    public void Drop(LeaseName name, string reason)
    {
        if (_table.Lose(name) is { } grant)
        {
            Interlocked.Increment(ref _leaseChanges);
            ClusterLog.Lost(_logger, name, grant.Token, reason);
        }
    }

    public async Task ReleaseAsync(LeaseName name, CancellationToken ct)
    {
        // No longer wanted first: the lease's loop ends instead of acquiring it again.
        if (!_wanted.TryRemove(name, out _) || _table.Lose(name) is not { } grant)
        {
            return;
        }

        Interlocked.Increment(ref _leaseChanges);
        try
        {
            await _store.ReleaseAsync(grant, ct).ConfigureAwait(false);
            ClusterLog.Released(_logger, name, grant.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Failed("release " + name, ex);
        }
    }

    public void RaiseFloor(LeaseName name, long fence)
    {
        var before = _floors.GetValueOrDefault(name);
        if (_floors.AddOrUpdate(name, fence, (_, floor) => Math.Max(floor, fence)) > before)
        {
            // A fence at or above the token granted: the token counter went back (lost in a failover); said once per rise.
            ClusterLog.FloorRaised(_logger, name, Holds(name, out var token) ? token : 0, fence);
        }
    }

    public Task<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken ct) => _directory.ListAsync(ct);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task> { HeartbeatLoopAsync(stoppingToken) };

        // A restart by the supervisor starts the loops of every lease wanted before.
        foreach (var name in _wanted.Keys)
        {
            if (_looping.TryAdd(name, 0))
            {
                loops.Add(LeaseLoopAsync(name, stoppingToken));
            }
        }

        try
        {
            await foreach (var name in _newlyWanted.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (_looping.TryAdd(name, 0))
                {
                    loops.Add(LeaseLoopAsync(name, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
            await StopAsync().ConfigureAwait(false);
        }
    }

    private async Task LeaseLoopAsync(LeaseName name, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await CompeteAsync(name, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _looping.TryRemove(name, out _);

            // Wanted again while this loop was ending: the run starts another.
            if (!stoppingToken.IsCancellationRequested && _wanted.ContainsKey(name))
            {
                _newlyWanted.Writer.TryWrite(name);
            }
        }
    }

    // Until the lease is released for good or the coordinator stops.
    private async Task CompeteAsync(LeaseName name, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && _wanted.ContainsKey(name))
        {
            try
            {
                var delay = _table.Holds(name, out _)
                    ? await RenewAsync(name, stoppingToken).ConfigureAwait(false)
                    : await AcquireAsync(name, stoppingToken).ConfigureAwait(false);
                if (delay > TimeSpan.Zero)
                {
                    await WaitAsync(name, delay, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store cannot be reached: a held lease stays held until its local validity runs out.
                Failed("lease " + name, ex);
                await WaitAsync(name, _options.AcquirePoll, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Tries to take the lease; the delay before the next attempt when it is held elsewhere, zero when taken.</summary>
    private async Task<TimeSpan> AcquireAsync(LeaseName name, CancellationToken ct)
    {
        if (_table.HasExpired(name) && _table.Lose(name) is { } expired)
        {
            Interlocked.Increment(ref _leaseChanges);
            ClusterLog.Lost(_logger, name, expired.Token, "not renewed in time");
        }

        if (await YieldFeedAsync(name, ct).ConfigureAwait(false))
        {
            return _options.AcquirePoll;
        }

        var floor = _floors.GetValueOrDefault(name);
        var grant = await _store.TryAcquireAsync(name, InstanceId, _options.LeaseTtl, floor, ct).ConfigureAwait(false);
        if (grant is not null)
        {
            _yieldingSince.TryRemove(name, out _);
            if (_table.Granted(grant) is null)
            {
                // Answered after its own validity (a pause or a slow store): try again at once.
                return TimeSpan.Zero;
            }

            Interlocked.Increment(ref _leaseChanges);
            ClusterLog.Acquired(_logger, name, InstanceId, grant.Token);
            return _options.RenewInterval;
        }

        // Held elsewhere: come back just after it would expire, never later than the poll.
        var state = await _store.ReadAsync(name, ct).ConfigureAwait(false);
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * MaxJitter.TotalMilliseconds);
        var untilFree = (state.RemainingTtl ?? TimeSpan.Zero) + jitter;
        return untilFree < _options.AcquirePoll ? untilFree : _options.AcquirePoll;
    }

    /// <summary>
    /// With <see cref="ClusterOptions.PackFeeds"/>, an instance that writes no feed leaves a free feed to the live instance
    /// that writes another one, so that one instance connects to every venue and the others stand by whole. It yields
    /// for at most <see cref="ClusterOptions.LeaseTtl"/> from its first look, so a writer that does not want this feed
    /// (other settings) or cannot take it does not leave it unwritten, and a standby that has waited longer takes a dead
    /// writer's feeds without a pause.
    /// </summary>
    private async Task<bool> YieldFeedAsync(LeaseName name, CancellationToken ct)
    {
        if (!_options.PackFeeds || name.Kind != LeaseKind.Feed)
        {
            return false;
        }

        var feeds = _wanted.Keys.Where(n => n.Kind == LeaseKind.Feed && n != name).ToArray();
        if (feeds.Length == 0 || feeds.Any(n => _table.Holds(n, out _)))
        {
            return false;
        }

        var since = _yieldingSince.GetOrAdd(name, _ => _time.GetTimestamp());
        if (_time.GetElapsedTime(since) >= _options.LeaseTtl)
        {
            return false;
        }

        foreach (var other in feeds)
        {
            var state = await _store.ReadAsync(other, ct).ConfigureAwait(false);
            if (state.Holder is { } holder && holder != InstanceId)
            {
                return true;
            }
        }

        _yieldingSince.TryRemove(name, out _);
        return false;
    }

    /// <summary>Renews the lease; the delay before the next renewal, zero when it was lost (the loop acquires again).</summary>
    private async Task<TimeSpan> RenewAsync(LeaseName name, CancellationToken ct)
    {
        if (_table.GrantOf(name) is not { } grant)
        {
            return TimeSpan.Zero;
        }

        var sentAt = _time.GetTimestamp();
        if (await _store.RenewAsync(grant, _options.LeaseTtl, ct).ConfigureAwait(false))
        {
            // False when the answer came after the lease's validity: it was lost meanwhile and is acquired again.
            return _table.Renewed(grant, sentAt, _options.LeaseTtl) ? _options.RenewInterval : TimeSpan.Zero;
        }

        if (_table.Lose(name) is { } lost)
        {
            Interlocked.Increment(ref _leaseChanges);
            ClusterLog.Lost(_logger, name, lost.Token, "the store holds another grant");
        }

        return TimeSpan.Zero;
    }

    // Wakes early when the lease is lost (its validity ran out, or it was dropped), so it is competed for again at once.
    private async Task WaitAsync(LeaseName name, TimeSpan delay, CancellationToken stoppingToken)
    {
        var grant = _table.Holds(name, out _) ? _table.GrantOf(name) : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var lost = grant is null ? default : RegisterLost(name, linked);
        try
        {
            await Task.Delay(delay, _time, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    private CancellationTokenRegistration RegisterLost(LeaseName name, CancellationTokenSource linked)
    {
        var held = _table.WaitAsync(name, CancellationToken.None);
        return held.IsCompletedSuccessfully ? held.Result.Lost.Register(linked.Cancel) : default;
    }

    private async Task HeartbeatLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _directory.BeatAsync(Self, _options.HeartbeatTtl, stoppingToken).ConfigureAwait(false);
                NoteLive(await _directory.ListAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failed("heartbeat", ex);
            }

            try
            {
                await Task.Delay(_options.HeartbeatInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void NoteLive(IReadOnlyList<InstanceRecord> instances)
    {
        var now = new HashSet<string>(instances.Select(i => i.Id), StringComparer.Ordinal);
        HashSet<string> before;
        lock (_liveGate)
        {
            before = _live;
            _live = now;
        }

        foreach (var joined in instances.Where(i => !before.Contains(i.Id) && i.Id != InstanceId))
        {
            ClusterLog.Joined(_logger, joined.Id, joined.Role, now.Count);
        }

        foreach (var gone in before.Where(id => !now.Contains(id)))
        {
            ClusterLog.Gone(_logger, gone, now.Count);
        }
    }

    // Graceful stop: a standby takes each lease at once instead of after its TTL.
    private async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(_options.LeaseTtl, _time);
        foreach (var name in _wanted.Keys)
        {
            if (_table.Lose(name) is not { } grant)
            {
                continue;
            }

            Interlocked.Increment(ref _leaseChanges);
            try
            {
                await _store.ReleaseAsync(grant, timeout.Token).ConfigureAwait(false);
                ClusterLog.Released(_logger, name, grant.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || timeout.IsCancellationRequested)
            {
                Failed("release " + name, ex);
            }
        }

        try
        {
            await _directory.RemoveAsync(InstanceId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || timeout.IsCancellationRequested)
        {
            Failed("heartbeat removal", ex);
        }
    }

    private void Failed(string what, Exception ex)
    {
        Interlocked.Increment(ref _storeFailures);
        _errors?.Add(new StoreError(_time.GetUtcNow(), "cluster", what + ": " + ex.Message, null, 1));
    }
}
