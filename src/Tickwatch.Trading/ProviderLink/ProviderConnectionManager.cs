using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Resilience;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>
/// The one persistent connection to the execution gateway (TCP or a Unix socket): a bounded send queue written as
/// length-framed MessagePack, execution reports read and handed to the engine one at a time, in order. After every
/// connect it sends again every request the store holds in flight, with the same <c>cl_ord_id</c>, so nothing sent
/// before a drop or a restart is forgotten; reconnects back off with full jitter. Bad frames are counted and logged;
/// an oversized one, or a report the store could not take, drops the connection (the re-send recovers it).
/// </summary>
public sealed class ProviderConnectionManager : IProviderLink, IProviderConnectionState
{
    private const int LastReportsKept = 50;
    private const int LatencySamples = 4096;

    private readonly ProviderLinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ProviderConnectionManager> _logger;
    private readonly Random? _random;
    private readonly Channel<ProviderMessage> _queue;
    private readonly ConcurrentDictionary<string, ProviderInFlightOrder> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ProviderReportRecord> _lastReports = new();
    private readonly Lock _latencyLock = new();
    private readonly double[] _latencies = new double[LatencySamples];
    private long _latencyCount;
    private volatile ProviderLinkState _state;
    private volatile bool _connected;
    private DateTimeOffset? _connectedSince;
    private DateTimeOffset? _disconnectedSince;
    private string? _lastError;
    private long _connections;
    private long _attempts;
    private long _sent;
    private long _resent;
    private long _refused;
    private long _received;
    private long _applied;
    private long _duplicates;
    private long _ignored;
    private long _applyFailures;
    private long _unexpected;
    private int _routedAccounts;

    /// <param name="options">The <c>ProviderLink</c> section.</param>
    /// <param name="time">The clock of every age and delay.</param>
    /// <param name="logger">Its log.</param>
    /// <param name="random">The jitter's source (tests fix it).</param>
    public ProviderConnectionManager(IOptions<ProviderLinkOptions> options, TimeProvider time, ILogger<ProviderConnectionManager> logger, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _random = random;
        _state = _options.Enabled ? ProviderLinkState.Connecting : ProviderLinkState.Disabled;
        _queue = Channel.CreateBounded<ProviderMessage>(new BoundedChannelOptions(_options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ProviderFrameCounters Counters { get; } = new();

    public ProviderLinkOptions Options => _options;

    public bool IsConnected => _connected;

    /// <summary>This instance's own link, for its heartbeat: the same as <see cref="IsConnected"/>.</summary>
    bool IProviderConnectionState.ProviderConnected => _connected;

    public ProviderLinkState State => _state;

    /// <summary>Told of every report applied, duplicate or ignored (benchmarks and tests watch it). Must not block.</summary>
    public event Action<ExecutionReport, ProviderReportResult>? ReportHandled;

    public bool TrySend(ProviderMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_connected)
        {
            return Refuse(request, "the link to the gateway is down");
        }

        Track(request);
        if (!_queue.Writer.TryWrite(request))
        {
            Untrack(request);
            return Refuse(request, $"the send queue is full ({_options.SendQueueCapacity}, ProviderLink:SendQueueCapacity)");
        }

        return true;
    }

    /// <summary>The state and figures now.</summary>
    public ProviderLinkSnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        var inFlight = _inFlight.Values.OrderBy(o => o.Since).ToArray();
        var awaiting = inFlight.Where(o => o.AwaitsAnswer).ToArray();
        var oldest = awaiting.Length == 0 ? 0 : Math.Max(0, (now - awaiting[0].Since).TotalSeconds);
        var (p50, p99) = Latency();
        var connections = Interlocked.Read(ref _connections);
        return new ProviderLinkSnapshot
        {
            Enabled = _options.Enabled,
            State = _state,
            Endpoint = _options.Endpoint,
            ProviderRoutedAccounts = Volatile.Read(ref _routedAccounts),
            ConnectedSince = _connected ? _connectedSince : null,
            DisconnectedSince = _connected ? null : _disconnectedSince,
            LastError = _lastError,
            Connections = connections,
            ConnectAttempts = Interlocked.Read(ref _attempts),
            Reconnects = Math.Max(0, connections - 1),
            QueueDepth = _queue.Reader.Count,
            QueueCapacity = _options.SendQueueCapacity,
            Sent = Interlocked.Read(ref _sent),
            Resent = Interlocked.Read(ref _resent),
            Refused = Interlocked.Read(ref _refused),
            ReportsReceived = Interlocked.Read(ref _received),
            ReportsApplied = Interlocked.Read(ref _applied),
            DuplicatesIgnored = Interlocked.Read(ref _duplicates),
            ReportsIgnored = Interlocked.Read(ref _ignored),
            ApplyFailures = Interlocked.Read(ref _applyFailures),
            UnexpectedMessages = Interlocked.Read(ref _unexpected),
            FramesDecoded = Counters.Decoded,
            FrameErrors = Counters.RefusedByCategory(),
            InFlight = inFlight,
            Stuck = awaiting.Count(o => now - o.Since > _options.StuckAfter),
            OldestAwaitingSeconds = oldest,
            LastReports = [.. _lastReports.Reverse()],
            ApplyLatencyP50Ms = p50,
            ApplyLatencyP99Ms = p99,
        };
    }

    /// <summary>Connects, re-sends what is in flight, sends and receives until <paramref name="stoppingToken"/> fires; reconnects with backoff.</summary>
    public async Task RunAsync(IProviderExecution execution, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (!_options.Enabled)
        {
            _state = ProviderLinkState.Disabled;
            ProviderLinkLog.Disabled(_logger);
            await WaitAsync(Timeout.InfiniteTimeSpan, ProviderLinkState.Disabled, stoppingToken).ConfigureAwait(false);
            return;
        }

        await LoadAtStartAsync(execution, stoppingToken).ConfigureAwait(false);
        var backoff = new ReconnectBackoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay, _random);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                _state = ProviderLinkState.Connecting;
                Interlocked.Increment(ref _attempts);
                string reason;
                try
                {
                    using var socket = await ConnectAsync(stoppingToken).ConfigureAwait(false);
                    reason = await RunConnectionAsync(socket, execution, backoff, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or ProviderLinkException or ObjectDisposedException or OperationCanceledException)
                {
                    reason = ex.Message;
                }
                finally
                {
                    if (_connected)
                    {
                        _connected = false;
                        _disconnectedSince = _time.GetUtcNow();
                    }

                    _disconnectedSince ??= _time.GetUtcNow();
                }

                _lastError = reason;
                var delay = backoff.NextDelay();
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    ProviderLinkLog.Disconnected(_logger, _options.Endpoint, reason, (long)delay.TotalMilliseconds);
                }

                await WaitAsync(delay, ProviderLinkState.Backoff, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _connected = false;
            _state = ProviderLinkState.Stopped;
        }
    }

    /// <summary>Tracks what the store holds in flight before the first connect, so a gateway that is down shows as orders waiting.</summary>
    private async Task LoadAtStartAsync(IProviderExecution execution, CancellationToken stoppingToken)
    {
        try
        {
            var scan = await execution.LoadInFlightAsync(stoppingToken).ConfigureAwait(false);
            _routedAccounts = scan.ProviderRoutedAccounts;
            foreach (var order in scan.Orders)
            {
                Settle(order, keepSince: true);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down: every connect scans it again before anything is sent.
            _lastError = "loading the orders in flight failed: " + ex.Message;
        }
    }

    private async Task WaitAsync(TimeSpan delay, ProviderLinkState whileWaiting, CancellationToken stoppingToken)
    {
        try
        {
            // The state shows only once the timer is set, so whoever moves a fake clock after seeing it moves the timer too.
            var wait = Task.Delay(delay, _time, stoppingToken);
            _state = whileWaiting;
            await wait.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the caller's loop ends on the token.
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        var unix = !string.IsNullOrEmpty(_options.UnixSocketPath);
        var socket = unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (unix)
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(_options.UnixSocketPath!), timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(_options.Host, _options.Port, timeout.Token).ConfigureAwait(false);
            }

            return socket;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no connection within {_options.ConnectTimeout.TotalSeconds} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<string> RunConnectionAsync(Socket socket, IProviderExecution execution, ReconnectBackoff backoff, CancellationToken stoppingToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var number = Interlocked.Increment(ref _connections);

        // Open for new requests first, then re-send what the store holds: a request committed meanwhile goes twice, which the gateway answers once.
        _connectedSince = _time.GetUtcNow();
        _disconnectedSince = null;
        _connected = true;
        _state = ProviderLinkState.Connected;
        var scan = await execution.LoadInFlightAsync(stoppingToken).ConfigureAwait(false);
        _routedAccounts = scan.ProviderRoutedAccounts;
        var resent = 0;
        foreach (var order in scan.Orders)
        {
            Settle(order, keepSince: true);
            foreach (var request in ProviderRequests.Of(order))
            {
                ProviderFraming.Write(request, writer);
                resent++;
            }
        }

        Interlocked.Add(ref _resent, resent);
        await writer.FlushAsync(stoppingToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            ProviderLinkLog.Connected(_logger, _options.Endpoint, number, scan.Orders.Count, resent);
        }

        var sending = SendAsync(writer, connection.Token);
        var receiving = ReceiveAsync(reader, execution, backoff, connection.Token);
        var first = await Task.WhenAny(sending, receiving).ConfigureAwait(false);
        _connected = false;
        _disconnectedSince = _time.GetUtcNow();
        await connection.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        string reason;
        try
        {
            reason = await first.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            reason = ex.Message;
        }

        try
        {
            await (first == sending ? receiving : sending).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The other half ends on the cancelled connection; its error says nothing the first one did not.
        }

        stoppingToken.ThrowIfCancellationRequested();
        return reason;
    }

    private async Task<string> SendAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        var queue = _queue.Reader;
        while (await queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (queue.TryRead(out var request))
            {
                ProviderFraming.Write(request, writer);
                Interlocked.Increment(ref _sent);
                if (writer.UnflushedBytes > 64 * 1024)
                {
                    break;
                }
            }

            var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return "the gateway stopped reading";
            }
        }

        return "the send queue was closed";
    }

    private async Task<string> ReceiveAsync(PipeReader reader, IProviderExecution execution, ReconnectBackoff backoff, CancellationToken cancellationToken)
    {
        var frames = new ProviderFrameReader(Counters, _options.MaxFrameBytes);
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            try
            {
                while (true)
                {
                    var frame = frames.TryRead(ref buffer);
                    if (frame.Status == ProviderFrameStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (frame.Status == ProviderFrameStatus.Oversized)
                    {
                        ProviderLinkLog.Oversized(_logger, frame.Detail ?? string.Empty);
                        throw new ProviderLinkException("oversized frame: " + frame.Detail);
                    }

                    if (frame.Status == ProviderFrameStatus.Malformed)
                    {
                        if (_logger.IsEnabled(LogLevel.Warning))
                        {
                            ProviderLinkLog.FrameRefused(_logger, ProviderFrameCounters.NameOf(frame.Error), frame.Detail ?? string.Empty);
                        }

                        continue;
                    }

                    // A decoded frame: the connection works, so the next drop starts again from the shortest delay.
                    backoff.Reset();
                    if (frame.Message is ExecutionReport report)
                    {
                        await ApplyAsync(execution, report, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        Interlocked.Increment(ref _unexpected);
                        if (_logger.IsEnabled(LogLevel.Warning))
                        {
                            ProviderLinkLog.Unexpected(_logger, frame.Message?.GetType().Name ?? "null");
                        }
                    }
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (read.IsCompleted)
            {
                return "the gateway closed the connection";
            }
        }
    }

    private async Task ApplyAsync(IProviderExecution execution, ExecutionReport report, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _received);
        var started = _time.GetTimestamp();
        ProviderReportResult result;
        try
        {
            result = await execution.ApplyReportAsync(report, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _applyFailures);
            ProviderLinkLog.ApplyFailed(_logger, ex, report.ReportId, report.OrderId);
            throw new ProviderLinkException($"report {report.ReportId} could not be applied: {ex.Message}", ex);
        }

        RecordLatency(_time.GetElapsedTime(started).TotalMilliseconds);
        switch (result.Outcome)
        {
            case ProviderReportOutcome.Applied:
                Interlocked.Increment(ref _applied);
                break;
            case ProviderReportOutcome.Duplicate:
                Interlocked.Increment(ref _duplicates);
                break;
            default:
                Interlocked.Increment(ref _ignored);
                break;
        }

        if (result.Order is { } order)
        {
            Settle(order, keepSince: false);
        }

        var outcome = result.Outcome.ToString().ToLowerInvariant();
        _lastReports.Enqueue(new ProviderReportRecord(
            _time.GetUtcNow(), report.ReportId, report.ClientOrderId, report.OrderId, report.Account.ToString(), ProviderMessageCodec.StatusName(report.Status),
            report.AveragePrice ?? report.Price, report.CumulativeQuantity, report.Reason, outcome, result.Detail));
        while (_lastReports.Count > LastReportsKept && _lastReports.TryDequeue(out _))
        {
        }

        if (result.Outcome != ProviderReportOutcome.Duplicate && _logger.IsEnabled(LogLevel.Information))
        {
            var status = ProviderMessageCodec.StatusName(report.Status);
            var account = report.Account.ToString();
            ProviderLinkLog.Report(_logger, report.ReportId, status, report.OrderId, account, outcome, result.Detail ?? string.Empty);
        }

        ReportHandled?.Invoke(report, result);
    }

    /// <summary>Tracks an order's requests after it changed: gone when nothing of it is in flight any more.</summary>
    private void Settle(Order order, bool keepSince)
    {
        var requests = ProviderRequests.Of(order);
        if (requests.Count == 0)
        {
            _inFlight.TryRemove(order.Id, out _);
            return;
        }

        var now = _time.GetUtcNow();
        var ids = requests.Select(r => r.ClientOrderId).ToArray();
        var awaits = ProviderRequests.AwaitsAnswer(order);
        _inFlight.AddOrUpdate(
            order.Id,
            _ => new ProviderInFlightOrder(order.Id, order.Account.ToString(), order.Symbol, ids, now, awaits),
            (_, known) => known with
            {
                ClientOrderIds = ids,
                AwaitsAnswer = awaits,

                // A new request (not a re-send) restarts the clock of what is owed.
                Since = keepSince || ids.SequenceEqual(known.ClientOrderIds) ? known.Since : now,
            });
    }

    private void Track(ProviderMessage request)
    {
        var now = _time.GetUtcNow();
        _inFlight.AddOrUpdate(
            request.OrderId,
            _ => new ProviderInFlightOrder(request.OrderId, request.Account.ToString(), request.Symbol, [request.ClientOrderId], now, true),
            (_, known) => known.ClientOrderIds.Contains(request.ClientOrderId)
                ? known with { AwaitsAnswer = true }
                : known with { ClientOrderIds = [.. known.ClientOrderIds, request.ClientOrderId], AwaitsAnswer = true, Since = now });
    }

    private void Untrack(ProviderMessage request)
    {
        if (_inFlight.TryGetValue(request.OrderId, out var known))
        {
            var rest = known.ClientOrderIds.Where(id => id != request.ClientOrderId).ToArray();
            if (rest.Length == 0)
            {
                _inFlight.TryRemove(request.OrderId, out _);
            }
            else
            {
                _inFlight[request.OrderId] = known with { ClientOrderIds = rest };
            }
        }
    }

    private bool Refuse(ProviderMessage request, string reason)
    {
        Interlocked.Increment(ref _refused);
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            ProviderLinkLog.SendRefused(_logger, request.ClientOrderId, reason);
        }

        return false;
    }

    private void RecordLatency(double milliseconds)
    {
        lock (_latencyLock)
        {
            _latencies[_latencyCount % LatencySamples] = milliseconds;
            _latencyCount++;
        }
    }

    private (double P50, double P99) Latency()
    {
        double[] samples;
        lock (_latencyLock)
        {
            samples = _latencies[..(int)Math.Min(_latencyCount, LatencySamples)];
        }

        if (samples.Length == 0)
        {
            return (0, 0);
        }

        Array.Sort(samples);
        return (samples[(int)(0.50 * (samples.Length - 1))], samples[(int)(0.99 * (samples.Length - 1))]);
    }
}
