using System.Buffers;
using Microsoft.Extensions.Logging;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>
/// On the holder of <c>job:provider</c>, sends over the link the requests other instances relayed on
/// <c>provider_relay</c> (supervised service <c>provider_relay_consumer</c>, run under the job's lease).
/// </summary>
/// <remarks>
/// At each connect the link reloads every request the store holds in flight and sends it again. The stream's last id is
/// noted just before that reload (<see cref="Noting"/>), and the relay is read from there: a request relayed earlier was
/// committed earlier, so the reload has it; one relayed later is read here. A request may go twice (read here while the
/// reload sends it too, or after a reconnect); the gateway answers a repeated <c>cl_ord_id</c> once and the engine
/// applies each <c>report_id</c> once. A request the link refuses because it went down waits for the next connect,
/// whose reload has it.
/// </remarks>
public sealed class ProviderRelayConsumer : ISupervisedService, IDisposable
{
    /// <summary>Entries read at once.</summary>
    public const int Batch = 256;

    /// <summary>The longest one read waits for new entries.</summary>
    public static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(1);

    /// <summary>The wait after a failed read of the relay.</summary>
    public static readonly TimeSpan ReadRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The wait before a request the link's full queue refused is offered again.</summary>
    public static readonly TimeSpan FullQueueDelay = TimeSpan.FromMilliseconds(100);

    private readonly ProviderConnectionManager _link;
    private readonly IProviderRelayStream _relay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private (long Connection, string From) _start = (0, ProviderRelayEntry.Start);
    private CancellationTokenSource _restarted = new();
    private string _position = ProviderRelayEntry.Start;
    private long _forwarded;
    private long _waitedForConnect;
    private long _malformed;
    private long _readFailures;

    public ProviderRelayConsumer(ProviderConnectionManager link, IProviderRelayStream relay, TimeProvider time, ILogger<ProviderRelayConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _link = link;
        _relay = relay;
        _time = time;
        _logger = logger;
    }

    public string Name => "provider_relay_consumer";

    public string DisplayName => "Provider relay consumer";

    /// <summary>Relayed requests sent over the link (outcome <c>forwarded</c>).</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Times a relayed request found the link down and was left to the next connect's reload (outcome <c>left_to_reload</c>).</summary>
    public long LeftToReload => Interlocked.Read(ref _waitedForConnect);

    /// <summary>Entries that were not a provider request (outcome <c>malformed</c>), skipped.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Reads of the relay that failed (tried again after <see cref="ReadRetryDelay"/>).</summary>
    public long ReadFailures => Interlocked.Read(ref _readFailures);

    /// <summary>The id the relay is read from for the latest reload, and which reload it was (0: none yet).</summary>
    public (long Connection, string From) Start
    {
        get
        {
            lock (_gate)
            {
                return _start;
            }
        }
    }

    /// <summary>The id of the last entry sent over the link.</summary>
    public string Position => Volatile.Read(ref _position);

    public void Dispose()
    {
        lock (_gate)
        {
            _restarted.Dispose();
        }
    }

    /// <summary>The engine's side of the link for the connection manager, noting the relay's last id before each reload of the orders in flight.</summary>
    public IProviderExecution Noting(IProviderExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return new NotingExecution(this, execution);
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failedAt = 0L;
        var resumeAt = (Connection: 0L, From: ProviderRelayEntry.Start);
        while (!stoppingToken.IsCancellationRequested)
        {
            var (connection, from, restarted) = await NextStartAsync(failedAt, stoppingToken).ConfigureAwait(false);

            // After a failed read, the same connection goes on from the last entry sent, not from its start.
            from = resumeAt.Connection == connection ? resumeAt.From : from;
            Volatile.Write(ref _position, from);
            ProviderRelayLog.ConsumerStarted(_logger, from, connection);
            using var read = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, restarted);
            try
            {
                if (!await ForwardAsync(from, read.Token).ConfigureAwait(false))
                {
                    // The link is down: its next connect reloads what was not sent, and starts the relay again after it.
                    failedAt = connection;
                    Interlocked.Increment(ref _waitedForConnect);
                }
            }
            catch (OperationCanceledException) when (restarted.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                // A new connect: read again from the id noted before its reload.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The relay cannot be read (the store is down): tried again; what is committed meanwhile is in the store anyway.
                Interlocked.Increment(ref _readFailures);
                resumeAt = (connection, Position);
                ProviderRelayLog.ReadFailed(_logger, Position, ex.Message, ReadRetryDelay.TotalSeconds);
                await Task.Delay(ReadRetryDelay, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends entries after <paramref name="from"/> over the link until cancelled; false when the link went down.</summary>
    private async Task<bool> ForwardAsync(string from, CancellationToken ct)
    {
        var position = from;
        while (true)
        {
            var entries = await _relay.ReadAsync(position, Batch, ReadWait, ct).ConfigureAwait(false);
            var sent = 0;
            foreach (var entry in entries)
            {
                if (ProviderMessageCodec.Decode(new ReadOnlySequence<byte>(entry.Payload), out var message, out _) != ProviderFrameError.None || message is null)
                {
                    Interlocked.Increment(ref _malformed);
                }
                else
                {
                    while (!_link.TrySend(message))
                    {
                        if (!_link.IsConnected)
                        {
                            Log(sent, position);
                            return false;
                        }

                        await Task.Delay(FullQueueDelay, _time, ct).ConfigureAwait(false);
                    }

                    sent++;
                    Interlocked.Increment(ref _forwarded);
                }

                position = entry.Id;
                Volatile.Write(ref _position, position);
            }

            Log(sent, position);
        }
    }

    private void Log(int sent, string position)
    {
        if (sent > 0)
        {
            ProviderRelayLog.Forwarded(_logger, sent, position);
        }
    }

    /// <summary>The latest start after connection <paramref name="after"/>, waiting for one; its token fires when a newer one comes.</summary>
    private async Task<(long Connection, string From, CancellationToken Restarted)> NextStartAsync(long after, CancellationToken ct)
    {
        while (true)
        {
            CancellationToken restarted;
            lock (_gate)
            {
                if (_start.Connection > after)
                {
                    return (_start.Connection, _start.From, _restarted.Token);
                }

                restarted = _restarted.Token;
            }

            try
            {
                await Task.Delay(Timeout.Infinite, restarted).WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (restarted.IsCancellationRequested && !ct.IsCancellationRequested)
            {
            }
        }
    }

    private void Restart(string from)
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            _start = (_start.Connection + 1, from);
            previous = _restarted;
            _restarted = new CancellationTokenSource();
        }

        // Not disposed: a reader may still link to its token; it is cancelled, so nothing registers on it any more.
        previous.Cancel();
    }

    private async Task<string> NoteAsync(CancellationToken ct)
    {
        try
        {
            return await _relay.LastIdAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The relay cannot be read: start where sending stopped, so nothing after it is skipped (some may go twice).
            return Position;
        }
    }

    private sealed class NotingExecution(ProviderRelayConsumer consumer, IProviderExecution inner) : IProviderExecution
    {
        public Task<ProviderReportResult> ApplyReportAsync(ExecutionReport report, CancellationToken cancellationToken) =>
            inner.ApplyReportAsync(report, cancellationToken);

        public async Task<ProviderInFlightScan> LoadInFlightAsync(CancellationToken cancellationToken)
        {
            var from = await consumer.NoteAsync(cancellationToken).ConfigureAwait(false);
            var scan = await inner.LoadInFlightAsync(cancellationToken).ConfigureAwait(false);
            consumer.Restart(from);
            return scan;
        }
    }
}
