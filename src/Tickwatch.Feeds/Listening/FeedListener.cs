using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Resilience;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Feeds.Listening;

/// <summary>Keeps one market feed's WebSocket connected and hands every decoded price to the sink, reconnecting for as long as the host runs.</summary>
/// <remarks>
/// This class is the connection's lifecycle: connect under a timeout, watch for silence, close on stop or answer the
/// server's close, back off and reconnect, and say why each session ended. Reading the open connection (receive →
/// decode → sink → count, allocating nothing per message) is <see cref="FeedFrameReader"/>'s. A dead or silent
/// connection, like a bad frame, is counted, logged and survived; the loop ends only when the host stops.
/// </remarks>
public sealed class FeedListener : BackgroundService
{
    private const string StoppingReason = "listener stopping";
    private const string ShutdownReason = "the venue announced its shutdown (serverShutdown)";

    /// <summary>The header that carries a Binance SBE feed's API key on the WebSocket upgrade.</summary>
    public const string ApiKeyHeader = "X-MBX-APIKEY";
    private static readonly TimeSpan GracefulCloseTimeout = TimeSpan.FromSeconds(2);

    private readonly FeedOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FeedListener> _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly FeedFrameReader _reader;
    private readonly Uri _connectUri;
    private readonly HttpMessageInvoker? _invoker;
    private readonly string _feed;
    private readonly string _noDataReason;

    private long _session;
    private int _running;

    public FeedListener(
        FeedOptions options,
        IFeedCodec codec,
        IPriceUpdateSink sink,
        TimeProvider timeProvider,
        ILogger<FeedListener> logger,
        Random? random = null,
        X509ChainPolicy? serverTrust = null)
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

        if (options.Protocol == FeedProtocol.BinanceSbe && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException($"Feed '{options.Name}' speaks BinanceSbe, whose server requires an API key: set ApiKey (from the environment).", nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _feed = options.Name;
        _connectUri = FeedUrl.WithToken(url, options.Token);

        // Only a wss:// feed with its own authorities needs a handler of its own; every other one connects as before.
        _invoker = serverTrust is null ? null : new HttpMessageInvoker(new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = serverTrust } });
        _backoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay, random);
        _noDataReason = string.Create(CultureInfo.InvariantCulture, $"no data for {options.NoDataTimeout.TotalSeconds:F1} s");
        Statistics = new FeedStatistics(
            options.Name, options.Protocol, FeedUrl.Redact(_connectUri, options.Token), options.NoDataTimeout, timeProvider);
        // The header keeps the URL without its token (added at connect) or query; the API key is a header and never recorded.
        Recorder = options.Record.Enabled ? new FeedRecorder(options.Record, options.Name, options.Protocol, url, timeProvider, logger) : null;
        _reader = new FeedFrameReader(options, codec, sink, Statistics, timeProvider, logger, Recorder);
    }

    public string Name => _feed;

    /// <summary>The live counters; read them at any time, from any thread.</summary>
    public FeedStatistics Statistics { get; }

    /// <summary>The recorder of every frame received (<see cref="FeedOptions.Record"/>); null when the feed is not recorded.</summary>
    public FeedRecorder? Recorder { get; }

    /// <summary>A consistent-enough, immutable copy of <see cref="Statistics"/> for diagnostics endpoints.</summary>
    public FeedStatisticsSnapshot GetSnapshot() => Recorder is { } recorder
        ? Statistics.GetSnapshot() with { Recording = recorder.GetStatus() }
        : Statistics.GetSnapshot();

    /// <summary>Runs the connection loop until <paramref name="stoppingToken"/> fires, for a supervisor that hosts the listener itself; one run at a time.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // The reader owns one buffer and one batch: a second concurrent run would corrupt both.
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

    public override void Dispose()
    {
        _invoker?.Dispose();
        base.Dispose();
    }

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        Statistics.LoopStarted();
        FeedListenerLog.Started(_logger, _feed, Statistics.Protocol, Statistics.Url);
        _reader.RentBuffer();
        Recorder?.Start();
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
                    end = new SessionEnd(SessionEndKind.Fault, fault);
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
            _reader.ReturnBuffer();

            // The receiver has stopped: every frame it queued is written and the file closed before the loop ends.
            if (Recorder is { } recorder)
            {
                await recorder.StopAsync().ConfigureAwait(false);
            }

            Statistics.LoopStopped();
            FeedListenerLog.Stopped(_logger, _feed, _session);
        }
    }

    private async Task WaitBeforeReconnectAsync(SessionEnd end, CancellationToken stoppingToken)
    {
        // A stall was paced by the watchdog's window and proves the server accepts, so retry from the first delay; a refusal returns instantly, so it backs off.
        if (end.DeliveredData || end.Kind == SessionEndKind.Stalled)
        {
            _backoff.Reset();
        }

        // The venue's scheduled cut (24 h, or announced by serverShutdown) of a connection that worked: replace it now.
        if (end.Kind == SessionEndKind.Routine && end.DeliveredData)
        {
            _backoff.Reset();
            Statistics.Reconnecting(TimeSpan.Zero, 0);
            FeedListenerLog.RoutineReconnect(_logger, _feed, end.Reason);
            return;
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
        if (_options.Protocol == FeedProtocol.BinanceSbe)
        {
            socket.Options.SetRequestHeader(ApiKeyHeader, _options.ApiKey);
        }

        var connectError = await ConnectAsync(socket, stoppingToken).ConfigureAwait(false);
        if (connectError is not null)
        {
            Statistics.ConnectFailed(connectError, _timeProvider.GetUtcNow());
            return new SessionEnd(SessionEndKind.ConnectFailed, connectError);
        }

        var connectedAt = _timeProvider.GetTimestamp();
        _session = Statistics.Connected(connectedAt, _timeProvider.GetUtcNow());
        FeedListenerLog.Connected(_logger, _feed, _session);
        _reader.StartSession(_session, connectedAt);

        // Every exit from here on records the disconnection, so the statistics never show a dead connection as open.
        var reason = StoppingReason;
        var failed = false;
        var stalled = false;
        var routine = false;
        try
        {
            (reason, failed, stalled, routine) = await ReceiveUntilClosedAsync(socket, stoppingToken).ConfigureAwait(false);
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

        if (routine)
        {
            // The announcement itself is no sign of a working feed: only prices before it make the immediate reconnect safe.
            return new SessionEnd(SessionEndKind.Routine, reason, DeliveredData: _reader.SessionLiveMessages > 0);
        }

        return new SessionEnd(stalled ? SessionEndKind.Stalled : SessionEndKind.Closed, reason, DeliveredData: _reader.SessionMessages > 0);
    }

    /// <summary>Runs an open connection to its end; returns why it ended, whether that was a failure, whether the watchdog ended it and whether it was the venue's routine cut.</summary>
    private async Task<(string Reason, bool Failed, bool Stalled, bool Routine)> ReceiveUntilClosedAsync(ClientWebSocket socket, CancellationToken stoppingToken)
    {
        // Aborts the socket if a graceful close gets no answer in time; receives take no token, so the hot path registers nothing.
        using var closeTimeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var abortOnCloseTimeout = closeTimeout.Token.Register(static state => ((WebSocket)state!).Abort(), socket);
        using var watchdog = new NoDataWatchdog(_timeProvider, _options.NoDataTimeout, socket);

        Task? stopClose = null;
        string reason;
        var failed = false;
        var routine = false;
        var stopRegistration = stoppingToken.Register(() => stopClose = CloseForStopAsync(socket, closeTimeout));
        try
        {
            if (await _reader.ReadUntilCloseAsync(socket, watchdog).ConfigureAwait(false) == FeedReadEnd.ShutdownAnnounced)
            {
                await CloseForShutdownAsync(socket, closeTimeout).ConfigureAwait(false);
                (reason, routine) = (ShutdownReason, true);
            }
            else
            {
                routine = _options.IsBinance && socket.CloseStatus is WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable;
                reason = await AnswerServerCloseAsync(socket, closeTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Reset, aborted by the watchdog or the close timeout, keep-alive timeout: the connection is over.
            failed = !stoppingToken.IsCancellationRequested;
            reason = watchdog.Expired ? NoDataReason(watchdog.RefusedSinceActivity) : failed ? Describe(ex) : StoppingReason;
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

            return (StoppingReason, false, false, false);
        }

        return (reason, failed, failed && watchdog.Expired, routine && !failed);
    }

    /// <summary>Opens the socket; returns null on success or why it failed. Throws only when stopping.</summary>
    private async Task<string?> ConnectAsync(ClientWebSocket socket, CancellationToken stoppingToken)
    {
        var timeoutDelay = _options.ConnectTimeout > TimeSpan.Zero ? _options.ConnectTimeout : Timeout.InfiniteTimeSpan;
        using var timeout = new CancellationTokenSource(timeoutDelay, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(_connectUri, _invoker, linked.Token).ConfigureAwait(false);
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

    /// <summary>Closes a connection whose server announced its shutdown; frames still on their way are read and dropped, as the next connection brings the current prices.</summary>
    private static async Task CloseForShutdownAsync(ClientWebSocket socket, CancellationTokenSource closeTimeout)
    {
        closeTimeout.CancelAfter(GracefulCloseTimeout);
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "server shutdown announced", closeTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The server went first; the connection is over either way.
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

    // Silence and garbage end a connection alike; the cause names which it was.
    private string NoDataReason(long refused) => refused == 0
        ? _noDataReason
        : string.Create(CultureInfo.InvariantCulture, $"no prices for {_options.NoDataTimeout.TotalSeconds:F1} s: {refused} frames refused");

    private string Describe(Exception exception) => FeedErrorText.Describe(exception, _options.Token);

    private enum SessionEndKind
    {
        ConnectFailed,
        Closed,

        /// <summary>Accepted, then silent until the no-data watchdog closed it.</summary>
        Stalled,

        /// <summary>A Binance connection the venue ended on schedule: announced by <c>serverShutdown</c>, or its 24 h normal close.</summary>
        Routine,
        Fault,
    }

    private readonly record struct SessionEnd(SessionEndKind Kind, string Reason, bool DeliveredData = false);
}
