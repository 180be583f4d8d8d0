using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Time;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Feeds.Listening;

/// <summary>Reads one feed's open connection: receives each message, decodes it with the codec, hands the prices to the sink and counts it.</summary>
/// <remarks>
/// The hot path allocates nothing per message: one pooled buffer, one reused <see cref="PriceUpdateBatch"/>, counters
/// written by this reader only. A bad frame, a throwing codec or sink is counted and logged (a burst of them once per
/// window) and the next message is read. Whether and how the connection is opened, watched and closed is
/// <see cref="FeedListener"/>'s business. One session at a time.
/// </remarks>
internal sealed class FeedFrameReader
{
    private static readonly TimeSpan ErrorBurstWindow = TimeSpan.FromSeconds(10);
    private const int InitialBufferBytes = 64 * 1024;

    private readonly FeedOptions _options;
    private readonly IFeedCodec _codec;
    private readonly IPriceUpdateSink _sink;
    private readonly FeedStatistics _statistics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ErrorBurstLimiter _errorBursts;
    private readonly FeedRecorder? _recorder;
    private readonly PriceUpdateBatch _batch = new();
    private readonly string _feed;
    private readonly long _stableLogTicks;

    private byte[] _buffer = [];
    private long _session;
    private long _sessionMessages;
    private long _sessionLiveMessages;
    private bool _shutdownAnnounced;
    private long _stableWindowStart;
    private long _stableWindowMessages;
    private long _nextStableLogAt;

    // The logger is the listener's, so the lines keep its category.
    public FeedFrameReader(FeedOptions options, IFeedCodec codec, IPriceUpdateSink sink, FeedStatistics statistics, TimeProvider timeProvider, ILogger logger, FeedRecorder? recorder = null)
    {
        _recorder = recorder;
        _options = options;
        _codec = codec;
        _sink = sink;
        _statistics = statistics;
        _timeProvider = timeProvider;
        _logger = logger;
        _feed = options.Name;
        _errorBursts = new ErrorBurstLimiter(timeProvider.TimestampFrequency, ErrorBurstWindow);
        _stableLogTicks = TimestampSpan.From(options.StableLogInterval, timeProvider.TimestampFrequency);
    }

    /// <summary>Messages received in the current session, good or bad.</summary>
    public long SessionMessages => _sessionMessages;

    /// <summary>Messages of the current session that showed the feed working (prices, trades, heartbeats).</summary>
    public long SessionLiveMessages => _sessionLiveMessages;

    /// <summary>Takes the receive buffer from the pool; <see cref="ReturnBuffer"/> gives it back.</summary>
    public void RentBuffer() => _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, _options.MaxFrameBytes + 1));

    public void ReturnBuffer()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Starts counting a new session, connected at <paramref name="connectedAt"/>, and tells the sink.</summary>
    public void StartSession(long session, long connectedAt)
    {
        _session = session;
        _sessionMessages = 0;
        _sessionLiveMessages = 0;
        _shutdownAnnounced = false;
        _stableWindowStart = connectedAt;
        _stableWindowMessages = 0;
        _nextStableLogAt = connectedAt + _stableLogTicks;
        _sink.OnSessionStarted(_feed, session);
    }

    /// <summary>
    /// Receives messages until the server sends a close frame or announces its shutdown (returns which) or the socket fails (throws).
    /// </summary>
    public async Task<FeedReadEnd> ReadUntilCloseAsync(WebSocket socket, NoDataWatchdog watchdog)
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
                return FeedReadEnd.ServerClosed;
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

            // The venue is about to cut this connection: the listener replaces it now rather than wait for the cut.
            if (_shutdownAnnounced)
            {
                return FeedReadEnd.ShutdownAnnounced;
            }
        }
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
        _sessionMessages++;

        // Recorded before decoding, so a frame the codec refuses is in the recording too.
        _recorder?.TryRecord(kind, _buffer.AsSpan(0, length), receivedAt);
        if (Decode(length, kind, timestamp, receivedAt))
        {
            _sessionLiveMessages++;
            watchdog.Touch(timestamp);
        }
        else
        {
            watchdog.Refused();
        }

        AfterMessage(timestamp);

        // Counted last, so whoever sees the count sees everything this message did.
        _statistics.MessageReceived(length, timestamp, receivedAt);
    }

    /// <summary>Decodes and delivers one message; true when it shows the feed working (prices, trades, or a price message with no entries: the heartbeat).</summary>
    private bool Decode(int length, FrameKind kind, long timestamp, DateTimeOffset receivedAt)
    {
        _batch.Clear();
        FrameDecodeResult result;
        try
        {
            result = _codec.Decode(_buffer.AsSpan(0, length), kind, new DecodeContext(_feed, _session, receivedAt, _options.MaxClockSkew), _batch);
        }
        catch (Exception ex)
        {
            // The codec contract says it never throws; if it does, the frame is lost, not the feed.
            var detail = FeedErrorText.Describe(ex, _options.Token);
            _statistics.CodecThrew(detail, receivedAt);
            ReportError(timestamp, FeedErrorInfo.CodecException, detail, ex);
            return false;
        }

        var live = false;
        switch (result.Outcome)
        {
            case FrameOutcome.Decoded:
                if (_batch.Count > 0)
                {
                    Deliver(timestamp, receivedAt);
                }

                if (_batch.TradeCount > 0)
                {
                    DeliverTrades(timestamp, receivedAt);
                }

                // A frame whose every entry was refused is garbage too; an empty market_update is the protocol's heartbeat.
                live = _batch.Count > 0 || _batch.ErrorCount == 0;
                break;
            case FrameOutcome.Ignored:
                _statistics.FrameIgnored();
                if (result.Control is { } control)
                {
                    OnControl(control, result.Detail, timestamp);
                }

                break;
            default:
                var category = result.Error ?? ParseErrorCategory.UnexpectedShape;
                var failure = result.Detail ?? "frame rejected";
                _statistics.MessageFailed(category, failure, receivedAt);
                ReportError(timestamp, category.ToWireName(), failure, exception: null);
                break;
        }

        var entryErrors = _batch.Errors;
        for (var i = 0; i < entryErrors.Length; i++)
        {
            _statistics.EntryFailed(entryErrors[i].Category, entryErrors[i].Detail, receivedAt);
            ReportError(timestamp, entryErrors[i].Category.ToWireName(), entryErrors[i].Detail, exception: null);
        }

        return live;
    }

    private void Deliver(long timestamp, DateTimeOffset receivedAt)
    {
        _statistics.UpdatesDecoded(_batch.Count, timestamp);
        try
        {
            _sink.OnUpdates(_batch.Updates);
        }
        catch (Exception ex)
        {
            SinkFailed(ex, timestamp, receivedAt);
        }
    }

    private void DeliverTrades(long timestamp, DateTimeOffset receivedAt)
    {
        _statistics.TradesDecoded(_batch.TradeCount);
        try
        {
            _sink.OnTrades(_batch.Trades);
        }
        catch (Exception ex)
        {
            SinkFailed(ex, timestamp, receivedAt);
        }
    }

    // A failing consumer must not take the feed down; its failures are counted and logged.
    private void SinkFailed(Exception exception, long timestamp, DateTimeOffset receivedAt)
    {
        var detail = FeedErrorText.Describe(exception, _options.Token);
        _statistics.SinkThrew(detail, receivedAt);
        ReportError(timestamp, FeedErrorInfo.SinkException, detail, exception);
    }

    /// <summary>A control frame: counted by kind; a refused subscription is the operator's to see, a shutdown ends the read.</summary>
    private void OnControl(FeedControl control, string? detail, long timestamp)
    {
        _statistics.ControlFrame(control);
        switch (control)
        {
            case FeedControl.SubscriptionError:
                // Only answers to requests, so rare; a server that floods them is held to the error burst limit.
                if (ShouldLogError(timestamp))
                {
                    FeedListenerLog.SubscriptionRefused(_logger, _feed, detail ?? "no detail");
                }

                break;
            case FeedControl.ServerShutdown:
                _shutdownAnnounced = true;
                break;
        }
    }

    private void OnOversizedMessage(long bytes, NoDataWatchdog watchdog)
    {
        var timestamp = _timeProvider.GetTimestamp();
        var receivedAt = _timeProvider.GetUtcNow();
        watchdog.Refused();
        _sessionMessages++;
        var detail = string.Create(
            CultureInfo.InvariantCulture, $"message of {bytes} bytes exceeds the limit of {_options.MaxFrameBytes} bytes; skipped");
        _statistics.MessageFailed(ParseErrorCategory.OversizedFrame, detail, receivedAt);
        ReportError(timestamp, ParseErrorCategory.OversizedFrame.ToWireName(), detail, exception: null);
        AfterMessage(timestamp);
        _statistics.MessageReceived(bytes, timestamp, receivedAt);
    }

    private void ReportError(long timestamp, string category, string detail, Exception? exception)
    {
        if (ShouldLogError(timestamp))
        {
            FeedListenerLog.MessageProcessingError(_logger, _feed, category, detail, exception);
        }
    }

    /// <summary>Whether an error at <paramref name="timestamp"/> is logged or only counted within its burst; logs the end of an earlier burst.</summary>
    private bool ShouldLogError(long timestamp)
    {
        if (!_errorBursts.OnError(timestamp, out var endedBurstSuppressed))
        {
            return false;
        }

        if (endedBurstSuppressed > 0)
        {
            FeedListenerLog.MessageProcessingErrorsSuppressed(_logger, _feed, endedBurstSuppressed, ErrorBurstWindow.TotalSeconds);
        }

        return true;
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
}
