using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Storage.Cluster;

/// <summary>
/// Leased mode's partition ownership (supervised service <c>partition_ownership</c>): holds lease <c>part:N</c> for the
/// partitions rendezvous hashing gives this instance among the live market instances, and adopts any left free too long.
/// </summary>
/// <remarks>
/// <para>
/// Every <see cref="ClusterOptions.AcquirePoll"/> (or <see cref="ClusterOptions.RenewInterval"/> when shorter) it renews
/// what it holds, releases a partition whose desired owner is another live instance (so a join moves only the partitions
/// the newcomer wins), takes its desired partitions when free, and takes any partition it has seen free for longer than
/// <see cref="ClusterOptions.OrphanGrace"/>: the survivor takes the dead instance's work before its heartbeat is gone.
/// </para>
/// <para>
/// An adopted partition is kept until its desired owner is another instance than the one it was adopted from, or a
/// restart of it: a dead instance stays in the registry until its heartbeat expires, and one cut off from the leases may
/// still write its heartbeat; handing its partitions back would orphan them again and again. Ownership is <see cref="LeaseTable"/>'s answer on the monotonic clock, so it ends when a renewal is not answered in
/// time even while the store cannot be reached, and <see cref="Changed"/> is raised then too.
/// </para>
/// </remarks>
public sealed class LeasedPartitionOwnership : IPartitionOwnership, ISupervisedService
{
    private readonly ILeaseStore _store;
    private readonly IInstanceDirectory _directory;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreErrorLog? _errors;
    private readonly LeaseTable _table;
    private readonly LeaseName[] _names;
    private readonly long?[] _freeSince;
    private readonly Incarnation?[] _adoptedFrom;
    private readonly Lock _publishGate = new();
    private readonly Channel<PartitionChange> _changes = Channel.CreateUnbounded<PartitionChange>(new UnboundedChannelOptions { SingleReader = true });
    private HashSet<int> _published = [];
    private long _storeFailures;

    public LeasedPartitionOwnership(
        ILeaseStore store,
        IInstanceDirectory directory,
        IOptions<ClusterOptions> options,
        TimeProvider time,
        ILogger<LeasedPartitionOwnership>? logger = null,
        StoreErrorLog? errors = null)
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
        _table = new LeaseTable(time, _options.SafetyMargin);
        InstanceId = _options.EffectiveInstanceId();
        Partitions = _options.Partitions;
        _names = [.. Enumerable.Range(0, Partitions).Select(LeaseName.Partition)];
        _freeSince = new long?[Partitions];
        _adoptedFrom = new Incarnation?[Partitions];
    }

    public string Name => "partition_ownership";

    public string DisplayName => "Partition ownership";

    public string InstanceId { get; }

    public int Partitions { get; }

    public IReadOnlySet<int> Owned => Enumerable.Range(0, Partitions).Where(p => _table.Holds(_names[p], out _)).ToHashSet();

    /// <summary>The partition leases held and valid now, with their tokens (for the heartbeat and the diagnostics).</summary>
    public IReadOnlyList<LeaseGrant> Held => _table.Held;

    /// <summary>The lease of every partition, held or not.</summary>
    public IReadOnlyList<LeaseName> Leases => _names;

    /// <summary>Lease calls the store failed since the instance started.</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    public event Action<PartitionChange>? Changed;

    public bool Owns(AccountId account) => _table.Holds(_names[PartitionMap.Of(account, Partitions)], out _);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var dispatch = DispatchAsync(stoppingToken);
        var interval = _options.RenewInterval < _options.AcquirePoll ? _options.RenewInterval : _options.AcquirePoll;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RebalanceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(interval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await dispatch.ConfigureAwait(false);
            await ReleaseAllAsync().ConfigureAwait(false);

            // The partitions given up on stopping are announced too, so the work on them stops.
            Publish();
            while (_changes.Reader.TryRead(out var change))
            {
                Raise(change);
            }
        }
    }

    /// <summary>One pass over every partition: renew, hand over, acquire or adopt; then publishes what changed.</summary>
    internal async Task RebalanceAsync(CancellationToken ct)
    {
        Dictionary<string, DateTimeOffset> live;
        try
        {
            var instances = await _directory.ListAsync(ct).ConfigureAwait(false);
            live = instances.Where(i => i.Role == InstanceRecord.MarketRole).ToDictionary(i => i.Id, i => i.StartedAt, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without the registry no hand-over is safe to decide: keep renewing what is held.
            Failed("instance list", ex);
            live = new(StringComparer.Ordinal);
        }

        // This instance competes before its first heartbeat is listed.
        live.TryAdd(InstanceId, default);

        for (var partition = 0; partition < Partitions; partition++)
        {
            try
            {
                var desired = RendezvousAssignment.OwnerOf(partition, live.Keys)!;
                await RebalanceAsync(partition, new Incarnation(desired, live[desired]), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A held partition stays held until its local validity runs out.
                Failed("lease " + _names[partition], ex);
            }
        }

        Publish();
    }

    private async Task RebalanceAsync(int partition, Incarnation desired, CancellationToken ct)
    {
        var name = _names[partition];
        var now = _time.GetTimestamp();
        if (_table.Holds(name, out _) && _table.GrantOf(name) is { } held)
        {
            // An adopted partition goes to a desired owner other than the one it was adopted from, or to a restart of it.
            if (desired.Id != InstanceId && desired != _adoptedFrom[partition])
            {
                _table.Lose(name);
                await _store.ReleaseAsync(held, ct).ConfigureAwait(false);
                ClusterLog.Released(_logger, name, held.Token);
                return;
            }

            var sentAt = _time.GetTimestamp();
            if (!await _store.RenewAsync(held, _options.LeaseTtl, ct).ConfigureAwait(false) || !_table.Renewed(held, sentAt, _options.LeaseTtl))
            {
                Lose(partition, "the store holds another grant");
            }

            return;
        }

        if (_table.HasExpired(name))
        {
            Lose(partition, "not renewed in time");
        }

        var orphaned = false;
        if (desired.Id != InstanceId)
        {
            var state = await _store.ReadAsync(name, ct).ConfigureAwait(false);
            if (state.IsHeld)
            {
                _freeSince[partition] = null;
                return;
            }

            _freeSince[partition] ??= now;
            if (_time.GetElapsedTime(_freeSince[partition]!.Value, now) <= _options.OrphanGrace)
            {
                return;
            }

            orphaned = true;
        }

        var grant = await _store.TryAcquireAsync(name, InstanceId, _options.LeaseTtl, 0, ct).ConfigureAwait(false);
        if (grant is null || _table.Granted(grant) is not { } taken)
        {
            return;
        }

        // The Lost token fires on the lease's own timer, so a lapse is published even between two passes.
        taken.Lost.Register(Publish);
        _adoptedFrom[partition] = orphaned ? desired : null;
        if (orphaned)
        {
            ClusterLog.Adopted(_logger, name, (long)_time.GetElapsedTime(_freeSince[partition]!.Value, now).TotalMilliseconds);
        }
        else
        {
            ClusterLog.Acquired(_logger, name, InstanceId, grant.Token);
        }

        _freeSince[partition] = null;
    }

    private void Lose(int partition, string reason)
    {
        if (_table.Lose(_names[partition]) is { } lost)
        {
            ClusterLog.Lost(_logger, _names[partition], lost.Token, reason);
        }
    }

    // Compares what is owned now with what was last announced; announcements are queued in order and raised by the dispatcher.
    private void Publish()
    {
        lock (_publishGate)
        {
            var owned = Enumerable.Range(0, Partitions).Where(p => _table.Holds(_names[p], out _)).ToHashSet();
            var gained = owned.Where(p => !_published.Contains(p)).Order().ToList();
            var lost = _published.Where(p => !owned.Contains(p)).Order().ToList();
            if (gained.Count == 0 && lost.Count == 0)
            {
                return;
            }

            _published = owned;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var gainedText = string.Join(',', gained);
                var lostText = string.Join(',', lost);
                ClusterLog.Rebalanced(_logger, gainedText, lostText, owned.Count);
            }

            _changes.Writer.TryWrite(new PartitionChange(gained, lost));
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Raise(change);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Each handler on its own, so one that throws does not keep the change from the others.
    private void Raise(PartitionChange change)
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<PartitionChange>>() ?? [])
        {
            try
            {
                handler(change);
            }
            catch (Exception ex)
            {
                ClusterLog.ChangeHandlerFailed(_logger, handler.Method.DeclaringType?.Name ?? "?", ex);
            }
        }
    }

    // Graceful stop: the desired owners take the partitions at once instead of after their TTL.
    private async Task ReleaseAllAsync()
    {
        using var timeout = new CancellationTokenSource(_options.LeaseTtl, _time);
        foreach (var name in _names)
        {
            if (_table.Lose(name) is not { } grant)
            {
                continue;
            }

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
    }

    private void Failed(string what, Exception ex)
    {
        Interlocked.Increment(ref _storeFailures);
        _errors?.Add(new StoreError(_time.GetUtcNow(), "cluster", what + ": " + ex.Message, null, 1));
    }

    /// <summary>One run of an instance: a restart under the same id is another incarnation.</summary>
    private sealed record Incarnation(string Id, DateTimeOffset StartedAt);
}
