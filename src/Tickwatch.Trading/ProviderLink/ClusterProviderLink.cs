using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>
/// The engine's provider link in a leased cluster (D14): on the holder of <c>job:provider</c> the local connection; on
/// any other instance a relay, which appends each request to <c>provider_relay</c> for the holder's
/// <see cref="ProviderRelayConsumer"/> to send. Runs as supervised service <c>provider_relay</c> (heartbeats read, relay
/// written).
/// </summary>
/// <remarks>
/// <para>
/// Off the holder, <see cref="IsConnected"/> is what the heartbeats say: some live instance has a connected link
/// (<c>provider_connected=1</c>), read every <see cref="ClusterOptions.HeartbeatInterval"/> and trusted for
/// <see cref="ClusterOptions.HeartbeatTtl"/>. A request is only ever relayed after its commit, so one lost on the way
/// (this process dies, the relay is down) is still in the store and sent at the holder's next connect; one sent twice
/// is answered once (<c>cl_ord_id</c>, and the engine applies each <c>report_id</c> once).
/// </para>
/// <para>A relay that fails is tried again in order, never dropped; a full queue refuses like the link's own.</para>
/// </remarks>
public sealed class ClusterProviderLink : IProviderLink, ISupervisedService
{
    /// <summary>The wait after a failed append before it is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private static readonly LeaseName ProviderJob = LeaseName.Job(ClusterJobs.Provider);
    private readonly IProviderLink _local;
    private readonly ILeaseHolder _leases;
    private readonly IInstanceRegistry _registry;
    private readonly IProviderRelayStream _relay;
    private readonly ClusterOptions _cluster;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly Channel<(string ClientOrderId, byte[] Payload)> _queue;
    private volatile bool _remoteConnected;
    private long _remoteSeenAt = long.MinValue;
    private long _relayed;
    private long _failures;
    private long _refusedNoHolder;
    private long _refusedQueueFull;

    public ClusterProviderLink(
        IProviderLink local,
        ILeaseHolder leases,
        IInstanceRegistry registry,
        IProviderRelayStream relay,
        IOptions<ProviderLinkOptions> link,
        IOptions<ClusterOptions> cluster,
        TimeProvider time,
        ILogger<ClusterProviderLink> logger)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _local = local;
        _leases = leases;
        _registry = registry;
        _relay = relay;
        _cluster = cluster.Value;
        _time = time;
        _logger = logger;
        _capacity = link.Value.SendQueueCapacity;
        _queue = Channel.CreateBounded<(string, byte[])>(new BoundedChannelOptions(_capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Name => "provider_relay";

    public string DisplayName => "Provider relay";

    /// <summary>True while this instance holds the provider job (or its own link is still up): requests go over the local link.</summary>
    public bool IsHolder => _local.IsConnected || _leases.Holds(ProviderJob, out _);

    /// <summary>On the holder its own link; elsewhere, whether a live instance's heartbeat (fresh enough) says its link is connected.</summary>
    public bool IsConnected => IsHolder ? _local.IsConnected : RemoteConnected;

    /// <summary>Whether another live instance's heartbeat, read at most <see cref="ClusterOptions.HeartbeatTtl"/> ago, says its link is connected.</summary>
    public bool RemoteConnected =>
        _remoteConnected && _time.GetElapsedTime(Interlocked.Read(ref _remoteSeenAt)) <= _cluster.HeartbeatTtl;

    /// <summary>Requests appended to <c>provider_relay</c> (outcome <c>relayed</c>).</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    /// <summary>Appends that failed and were tried again (outcome <c>failed</c>).</summary>
    public long RelayFailures => Interlocked.Read(ref _failures);

    /// <summary>Requests refused because no live instance had a connected link (outcome <c>refused_no_holder</c>).</summary>
    public long RefusedNoHolder => Interlocked.Read(ref _refusedNoHolder);

    /// <summary>Requests refused because the relay's queue was full (outcome <c>refused_queue_full</c>).</summary>
    public long RefusedQueueFull => Interlocked.Read(ref _refusedQueueFull);

    /// <summary>Requests accepted here and not yet appended.</summary>
    public int Waiting => _queue.Reader.Count;

    public bool TrySend(ProviderMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsHolder)
        {
            return _local.TrySend(request);
        }

        if (!RemoteConnected)
        {
            Interlocked.Increment(ref _refusedNoHolder);
            ProviderRelayLog.Refused(_logger, request.ClientOrderId, "this instance does not hold the provider link and no live instance reports a connected one");
            return false;
        }

        var payload = new ArrayBufferWriter<byte>(256);
        ProviderMessageCodec.Encode(request, payload);
        if (!_queue.Writer.TryWrite((request.ClientOrderId, payload.WrittenSpan.ToArray())))
        {
            Interlocked.Increment(ref _refusedQueueFull);
            ProviderRelayLog.Refused(_logger, request.ClientOrderId, $"the relay's queue is full ({_capacity}, ProviderLink:SendQueueCapacity)");
            return false;
        }

        return true;
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var watching = WatchHeartbeatsAsync(stoppingToken);
        var relaying = RelayAsync(stoppingToken);
        try
        {
            await Task.WhenAll(watching, relaying).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the heartbeats now: whether another live instance says its link is connected.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var instances = await _registry.ListAsync(ct).ConfigureAwait(false);
        _remoteConnected = instances.Any(i => i.ProviderConnected && !string.Equals(i.Id, _leases.InstanceId, StringComparison.Ordinal));
        Interlocked.Exchange(ref _remoteSeenAt, _time.GetTimestamp());
    }

    private async Task WatchHeartbeatsAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unread heartbeats grow stale: after HeartbeatTtl this instance refuses instead of relaying blind.
            }

            await Task.Delay(_cluster.HeartbeatInterval, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RelayAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            // Peeked, not read: a failed append keeps the request first in line.
            while (reader.TryPeek(out var request))
            {
                try
                {
                    await _relay.AppendAsync(request.Payload, stoppingToken).ConfigureAwait(false);
                    reader.TryRead(out _);
                    Interlocked.Increment(ref _relayed);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref _failures);
                    ProviderRelayLog.SendFailed(_logger, request.ClientOrderId, ex.Message, RetryDelay.TotalSeconds, reader.Count);
                    await Task.Delay(RetryDelay, _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
    }
}
