using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Listening;

/// <summary>Keeps one market feed's WebSocket connected and hands every decoded price to the sink, reconnecting for as long as the host runs.</summary>
/// <remarks>
/// The receive path (receive → decode → sink → count) allocates nothing per message: one pooled
/// buffer, one reused <see cref="PriceUpdateBatch"/>, counters written by this loop only.
/// Bad frames, a throwing codec or sink, a dead or silent connection are counted, logged and
/// survived; the loop ends only when the host stops.
/// </remarks>
public sealed class FeedListener : BackgroundService
{
    private const int InitialBufferBytes = 64 * 1024;
    private const string StoppingReason = "listener stopping";
    private static readonly TimeSpan GracefulCloseTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ErrorBurstWindow = TimeSpan.FromSeconds(10);

    private readonly FeedOptions _options;
    private readonly IFeedCodec _codec;
    private readonly IPriceUpdateSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FeedListener> _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly ErrorBurstLimiter _errorBursts;
    private readonly PriceUpdateBatch _batch = new();
    private readonly Uri _connectUri;
    private readonly string _feed;
    private readonly string _noDataReason;
    private readonly long _stableLogTicks;

    private byte[] _buffer = [];
    private long _session;
    private long _sessionMessages;
    private long _stableWindowStart;
    private long _stableWindowMessages;
    private long _nextStableLogAt;
    private int _running;

    public FeedListener(
        FeedOptions options,
        IFeedCodec codec,
        IPriceUpdateSink sink,
        TimeProvider timeProvider,
        ILogger<FeedListener> logger,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        if (options.Url is not { IsAbsoluteUri: true } url || (url.Scheme != "ws" && url.Scheme != "wss"))
        {
            throw new ArgumentException($"Feed '{options.Name}' needs an absolute ws:// or wss:// URL.", nameof(options));
        }

        if (codec.Protocol != options.Protocol)
        {
            throw new ArgumentException($"Feed '{options.Name}' speaks {options.Protocol} but the codec decodes {codec.Protocol}.", nameof(codec));
        }

        _options = options;
        _codec = codec;
        _sink = sink;
        _timeProvider = timeProvider;
        _logger = logger;
        _feed = options.Name;
        _connectUri = FeedUrl.WithToken(url, options.Token);
        _backoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay, random);
        _errorBursts = new ErrorBurstLimiter(timeProvider.TimestampFrequency, ErrorBurstWindow);
        _stableLogTicks = TimestampSpan.From(options.StableLogInterval, timeProvider.TimestampFrequency);
        _noDataReason = string.Create(CultureInfo.InvariantCulture, $"no data for {options.NoDataTimeout.TotalSeconds:F1} s");
        Statistics = new FeedStatistics(
            options.Name, options.Protocol, FeedUrl.Redact(_connectUri, options.Token), options.NoDataTimeout, timeProvider);
    }

    public string Name => _feed;

    /// <summary>The live counters; read them at any time, from any thread.</summary>
    public FeedStatistics Statistics { get; }

    /// <summary>A consistent-enough, immutable copy of <see cref="Statistics"/> for diagnostics endpoints.</summary>
    public FeedStatisticsSnapshot GetSnapshot() => Statistics.GetSnapshot();

    /// <summary>Runs the connection loop until <paramref name="stoppingToken"/> fires, for a supervisor that hosts the listener itself; one run at a time.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // The loop owns one buffer and one batch: a second concurrent run would corrupt both.
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException($"Feed listener '{_feed}' is already running.");
        }

        try
        {
            await RunLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        Statistics.LoopStarted();
        FeedListenerLog.Started(_logger, _feed, Statistics.Protocol, Statistics.Url);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, _options.MaxFrameBytes + 1));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                SessionEnd end;
                try
                {
                    end = await RunSessionAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // A fault of the listener itself: report it and reconnect, never end the loop.
                    var fault = FeedUrl.Scrub(ex.ToString(), _options.Token);
                    Statistics.ListenerFault(Describe(ex), _timeProvider.GetUtcNow());
                    end = new SessionEnd(SessionEndKind.Fault, fault, DeliveredData: false);
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                await WaitBeforeReconnectAsync(end, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping during the backoff delay.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            Statistics.LoopStopped();
            FeedListenerLog.Stopped(_logger, _feed, _session);
        }
    }

    private async Task WaitBeforeReconnectAsync(SessionEnd end, CancellationToken stoppingToken)
    {
        if (end.DeliveredData)
        {
            _backoff.Reset();
        }

        var delay = _backoff.NextDelay();
        var attempt = _backoff.Attempt;
        var delayMs = (long)delay.TotalMilliseconds;
        Statistics.Reconnecting(delay, attempt);
        switch (end.Kind)
        {
            case SessionEndKind.ConnectFailed:
                FeedListenerLog.ConnectFailed(_logger, _feed, Statistics.Url, end.Reason, delayMs, attempt);
                break;
            case SessionEndKind.Fault:
                FeedListenerLog.ListenerFault(_logger, _feed, delayMs, end.Reason);
                break;
            default:
                FeedListenerLog.ConnectionClosed(_logger, _feed, end.Reason, delayMs);
                break;
        }

        await Task.Delay(delay, _timeProvider, stoppingToken).ConfigureAwait(false);
    }

    private async Task<SessionEnd> RunSessionAsync(CancellationToken stoppingToken)
    {
        Statistics.Connecting();
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = _options.PingInterval;
        socket.Options.KeepAliveTimeout = _options.PongTimeout;

        var connectError = await ConnectAsync(socket, stoppingToken).ConfigureAwait(false);
        if (connectError is not null)
        {
            Statistics.ConnectFailed(connectError, _timeProvider.GetUtcNow());
            return new SessionEnd(SessionEndKind.ConnectFailed, connectError, DeliveredData: false);
        }

        var connectedAt = _timeProvider.GetTimestamp();
        _session = Statistics.Connected(connectedAt, _timeProvider.GetUtcNow());
        _sessionMessages = 0;
        _stableWindowStart = connectedAt;
        _stableWindowMessages = 0;
        _nextStableLogAt = connectedAt + _stableLogTicks;
        FeedListenerLog.Connected(_logger, _feed, _session);
        _sink.OnSessionStarted(_feed, _session);

        // Every exit from here on records the disconnection, so the statistics never show a dead connection as open.
        var reason = StoppingReason;
        var failed = false;
        try
        {
            (reason, failed) = await ReceiveUntilClosedAsync(socket, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            (reason, failed) = (Describe(ex), true);
            throw;
        }
        finally
        {
            Statistics.Disconnected(reason, failed, _timeProvider.GetTimestamp(), _timeProvider.GetUtcNow());
        }

        return new SessionEnd(SessionEndKind.Closed, reason, DeliveredData: _sessionMessages > 0);
    }

    /// <summary>Runs an open connection to its end; returns why it ended and whether that was a failure.</summary>
    private async Task<(string Reason, bool Failed)> ReceiveUntilClosedAsync(ClientWebSocket socket, CancellationToken stoppingToken)
    {
        // Aborts the socket if a graceful close gets no answer in time; receives take no token, so the hot path registers nothing.
        using var closeTimeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var abortOnCloseTimeout = closeTimeout.Token.Register(static state => ((WebSocket)state!).Abort(), socket);
        using var watchdog = new NoDataWatchdog(_timeProvider, _options.NoDataTimeout, socket);

        Task? stopClose = null;
        string reason;
        var failed = false;
        var stopRegistration = stoppingToken.Register(() => stopClose = CloseForStopAsync(socket, closeTimeout));
        try
        {
            reason = await ReceiveAsync(socket, watchdog, closeTimeout).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Reset, aborted by the watchdog or the close timeout, keep-alive timeout: the connection is over.
            failed = !stoppingToken.IsCancellationRequested;
            reason = watchdog.Expired ? _noDataReason : failed ? Describe(ex) : StoppingReason;
        }
        finally
        {
            await stopRegistration.DisposeAsync().ConfigureAwait(false);
        }

        if (stopClose is not null)
        {
            try
            {
                await stopClose.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
            {
                // The peer did not take part in the close; the socket is aborted and disposed anyway.
            }

            return (StoppingReason, false);
        }

        return (reason, failed);
    }

    /// <summary>Opens the socket; returns null on success or why it failed. Throws only when stopping.</summary>
    private async Task<string?> ConnectAsync(ClientWebSocket socket, CancellationToken stoppingToken)
    {
        var timeoutDelay = _options.ConnectTimeout > TimeSpan.Zero ? _options.ConnectTimeout : Timeout.InfiniteTimeSpan;
        using var timeout = new CancellationTokenSource(timeoutDelay, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(_connectUri, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception) when (timeout.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"not connected within {_options.ConnectTimeout.TotalSeconds:F1} s");
        }
        catch (Exception ex)
        {
            // Refused, unreachable, rejected by the server (a bad token is a 401): all retried with backoff.
            return Describe(ex);
        }
    }

    private static Task CloseForStopAsync(ClientWebSocket socket, CancellationTokenSource closeTimeout)
    {
        try
        {
            closeTimeout.CancelAfter(GracefulCloseTimeout);
            return socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, StoppingReason, closeTimeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Receives messages until the server closes the connection (returns why) or the socket fails (throws).</summary>
    private async Task<string> ReceiveAsync(ClientWebSocket socket, NoDataWatchdog watchdog, CancellationTokenSource closeTimeout)
    {
        var maxFrameBytes = _options.MaxFrameBytes;
        while (true)
        {
            var length = 0;
            long oversizedBytes = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (oversizedBytes > 0)
                {
                    // Too large to use: read it to its end so the next message starts cleanly.
                    result = await socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                    oversizedBytes += result.Count;
                    continue;
                }

                if (length == _buffer.Length)
                {
                    GrowBuffer(length, maxFrameBytes);
                }

                result = await socket.ReceiveAsync(_buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                length += result.Count;
                if (length > maxFrameBytes)
                {
                    oversizedBytes = length;
                }
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return await AnswerServerCloseAsync(socket, closeTimeout).ConfigureAwait(false);
            }

            var kind = result.MessageType == WebSocketMessageType.Binary ? FrameKind.Binary : FrameKind.Text;
            if (oversizedBytes > 0)
            {
                OnOversizedMessage(oversizedBytes, watchdog);
            }
            else
            {
                OnMessage(length, kind, watchdog);
            }
        }
    }

    private static async Task<string> AnswerServerCloseAsync(ClientWebSocket socket, CancellationTokenSource closeTimeout)
    {
        var status = socket.CloseStatus;
        var description = socket.CloseStatusDescription;
        if (socket.State == WebSocketState.CloseReceived)
        {
            closeTimeout.CancelAfter(GracefulCloseTimeout);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                // The server is gone already; the connection is over either way.
            }
        }

        var code = status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) + " " + s : "no status";
        return string.IsNullOrEmpty(description) ? $"closed by server ({code})" : $"closed by server ({code}: {description})";
    }

    private void GrowBuffer(int length, int maxFrameBytes)
    {
        // Up to one byte past the limit, which is how an oversized message shows itself.
        var size = (int)Math.Min((long)length * 2, (long)maxFrameBytes + 1);
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>Decodes one message, hands its prices to the sink and counts it: the hot path.</summary>
    private void OnMessage(int length, FrameKind kind, NoDataWatchdog watchdog)
    {
        var timestamp = _timeProvider.GetTimestamp();
        var receivedAt = _timeProvider.GetUtcNow();
        watchdog.Touch(timestamp);
        _sessionMessages++;
        Decode(length, kind, timestamp, receivedAt);
        AfterMessage(timestamp);

        // Counted last, so whoever sees the count sees everything this message did.
        Statistics.MessageReceived(length, timestamp, receivedAt);
    }

    private void Decode(int length, FrameKind kind, long timestamp, DateTimeOffset receivedAt)
    {
        _batch.Clear();
        FrameDecodeResult result;
        try
        {
            result = _codec.Decode(_buffer.AsSpan(0, length), kind, new DecodeContext(_feed, _session, receivedAt), _batch);
        }
        catch (Exception ex)
        {
            // The codec contract says it never throws; if it does, the frame is lost, not the feed.
            var detail = Describe(ex);
            Statistics.CodecThrew(detail, receivedAt);
            ReportError(timestamp, FeedErrorInfo.CodecException, detail, ex);
            return;
        }

        switch (result.Outcome)
        {
            case FrameOutcome.Decoded:
                if (_batch.Count > 0)
                {
                    Deliver(timestamp, receivedAt);
                }

                break;
            case FrameOutcome.Ignored:
                Statistics.FrameIgnored();
                break;
            default:
                var category = result.Error ?? ParseErrorCategory.UnexpectedShape;
                var failure = result.Detail ?? "frame rejected";
                Statistics.MessageFailed(category, failure, receivedAt);
                ReportError(timestamp, category.ToWireName(), failure, exception: null);
                break;
        }

        var entryErrors = _batch.Errors;
        for (var i = 0; i < entryErrors.Length; i++)
        {
            Statistics.EntryFailed(entryErrors[i].Category, entryErrors[i].Detail, receivedAt);
            ReportError(timestamp, entryErrors[i].Category.ToWireName(), entryErrors[i].Detail, exception: null);
        }
    }

    private void Deliver(long timestamp, DateTimeOffset receivedAt)
    {
        Statistics.UpdatesDecoded(_batch.Count, timestamp);
        try
        {
            _sink.OnUpdates(_batch.Updates);
        }
        catch (Exception ex)
        {
            // A failing consumer must not take the feed down; its failures are counted and logged.
            var detail = Describe(ex);
            Statistics.SinkThrew(detail, receivedAt);
            ReportError(timestamp, FeedErrorInfo.SinkException, detail, ex);
        }
    }

    private void OnOversizedMessage(long bytes, NoDataWatchdog watchdog)
    {
        var timestamp = _timeProvider.GetTimestamp();
        var receivedAt = _timeProvider.GetUtcNow();
        watchdog.Touch(timestamp);
        _sessionMessages++;
        var detail = string.Create(
            CultureInfo.InvariantCulture, $"message of {bytes} bytes exceeds the limit of {_options.MaxFrameBytes} bytes; skipped");
        Statistics.MessageFailed(ParseErrorCategory.OversizedFrame, detail, receivedAt);
        ReportError(timestamp, ParseErrorCategory.OversizedFrame.ToWireName(), detail, exception: null);
        AfterMessage(timestamp);
        Statistics.MessageReceived(bytes, timestamp, receivedAt);
    }

    private void ReportError(long timestamp, string category, string detail, Exception? exception)
    {
        if (!_errorBursts.OnError(timestamp, out var endedBurstSuppressed))
        {
            return;
        }

        if (endedBurstSuppressed > 0)
        {
            FeedListenerLog.MessageProcessingErrorsSuppressed(_logger, _feed, endedBurstSuppressed, ErrorBurstWindow.TotalSeconds);
        }

        FeedListenerLog.MessageProcessingError(_logger, _feed, category, detail, exception);
    }

    /// <summary>Periodic work piggy-backed on the message flow: closing an error burst, the "connection stable" line.</summary>
    private void AfterMessage(long timestamp)
    {
        if (_errorBursts.TryEndBurst(timestamp, out var suppressed))
        {
            FeedListenerLog.MessageProcessingErrorsSuppressed(_logger, _feed, suppressed, ErrorBurstWindow.TotalSeconds);
        }

        if (timestamp < _nextStableLogAt)
        {
            return;
        }

        var count = _sessionMessages - _stableWindowMessages;
        var seconds = (double)(timestamp - _stableWindowStart) / _timeProvider.TimestampFrequency;
        FeedListenerLog.ConnectionStable(_logger, count, _feed, seconds > 0 ? count / seconds : 0);
        _stableWindowStart = timestamp;
        _stableWindowMessages = _sessionMessages;
        _nextStableLogAt = timestamp + _stableLogTicks;
    }

    /// <summary>An exception's message and its inner messages, one line, with the token scrubbed.</summary>
    private string Describe(Exception exception)
    {
        var text = exception.Message;
        var inner = exception.InnerException;
        for (var depth = 0; inner is not null && depth < 3; depth++, inner = inner.InnerException)
        {
            if (!text.Contains(inner.Message, StringComparison.Ordinal))
            {
                text = text + ": " + inner.Message;
            }
        }

        return FeedUrl.Scrub(text, _options.Token);
    }

    private enum SessionEndKind
    {
        ConnectFailed,
        Closed,
        Fault,
    }

    private readonly record struct SessionEnd(SessionEndKind Kind, string Reason, bool DeliveredData);
}
