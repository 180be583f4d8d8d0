using System.Text.Json;
using Tickwatch.Core.Diagnostics;
using Tickwatch.Core.Time;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Listening;

/// <summary>Live counters of one feed listener, written by its receive loop and readable from any thread at any time.</summary>
/// <remarks>
/// The receive loop is the only writer, so counters are plain fields published with
/// <see cref="Volatile"/> writes: no locks and no allocation per message. A snapshot reads
/// each counter once; counters read a moment apart may be a few messages out of step.
/// </remarks>
public sealed class FeedStatistics
{
    private const int RateDecimals = 2;
    private const int SecondsDecimals = 3;

    private static readonly string[] ControlNames = [.. Enum.GetValues<FeedControl>().Select(c => JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString()))];

    private readonly TimeProvider _timeProvider;
    private readonly long _noDataTimeoutTicks;
    private readonly SlidingRate _messageRate;
    private readonly SlidingRate _updateRate;
    private readonly long[] _parseErrors = new long[ParseErrorCategoryNames.Count];
    private readonly long[] _controlFrames = new long[ControlNames.Length];

    private int _state;
    private int _loopAlive;
    private long _connectionAttempts;
    private long _successfulConnections;
    private long _connectionFailures;
    private long _disconnections;
    private int _reconnectAttempt;
    private long _nextReconnectDelayTicks = -1;
    private long _session;
    private ConnectedSession? _connected;
    private long _endedSessionsTicks;
    private long _messages;
    private long _updates;
    private long _trades;
    private long _bytes;
    private long _ignored;
    private long _failedMessages;
    private long _parseErrorTotal;
    private long _codecExceptions;
    private long _sinkExceptions;
    private long _lastMessageTimestamp;
    private long _lastMessageUtcTicks;
    private long _lastMessageSession;
    private FeedErrorInfo? _lastError;
    private Disconnect? _lastDisconnect;

    internal FeedStatistics(string name, FeedProtocol protocol, string redactedUrl, TimeSpan noDataTimeout, TimeProvider timeProvider, int rateWindowSeconds = 10)
    {
        Name = name;
        Protocol = JsonNamingPolicy.SnakeCaseLower.ConvertName(protocol.ToString());
        Url = redactedUrl;
        NoDataTimeout = noDataTimeout;
        _timeProvider = timeProvider;
        _noDataTimeoutTicks = TimestampSpan.From(noDataTimeout, timeProvider.TimestampFrequency);
        _messageRate = new SlidingRate(timeProvider, rateWindowSeconds);
        _updateRate = new SlidingRate(timeProvider, rateWindowSeconds);
    }

    public string Name { get; }

    public string Protocol { get; }

    /// <summary>The feed URL, redacted.</summary>
    public string Url { get; }

    public TimeSpan NoDataTimeout { get; }

    public FeedConnectionState State => (FeedConnectionState)Volatile.Read(ref _state);

    /// <summary>Number of the current (or last) connection; 0 before the first.</summary>
    public long Session => Volatile.Read(ref _session);

    public long MessagesReceived => Volatile.Read(ref _messages);

    public long UpdatesReceived => Volatile.Read(ref _updates);

    /// <summary>Copies every counter into an immutable snapshot.</summary>
    public FeedStatisticsSnapshot GetSnapshot()
    {
        var nowTimestamp = _timeProvider.GetTimestamp();
        var now = _timeProvider.GetUtcNow();
        var attempts = Volatile.Read(ref _connectionAttempts);
        var successes = Volatile.Read(ref _successfulConnections);
        var messages = Volatile.Read(ref _messages);
        var failed = Volatile.Read(ref _failedMessages);
        var session = Volatile.Read(ref _session);
        var connected = Volatile.Read(ref _connected);
        var lastMessageTimestamp = Volatile.Read(ref _lastMessageTimestamp);
        var lastMessageUtcTicks = Volatile.Read(ref _lastMessageUtcTicks);
        var lastMessageSession = Volatile.Read(ref _lastMessageSession);
        var delayTicks = Volatile.Read(ref _nextReconnectDelayTicks);
        var lastDisconnect = Volatile.Read(ref _lastDisconnect);

        // A message counts as fresh only if it came on the current connection, within the no-data timeout.
        var flowing = connected is not null
            && lastMessageUtcTicks != 0
            && lastMessageSession == connected.Number
            && nowTimestamp - lastMessageTimestamp < _noDataTimeoutTicks;

        var byCategory = new Dictionary<string, long>(_parseErrors.Length);
        for (var i = 0; i < _parseErrors.Length; i++)
        {
            byCategory[((ParseErrorCategory)i).ToWireName()] = Volatile.Read(ref _parseErrors[i]);
        }

        var byControl = new Dictionary<string, long>(ControlNames.Length, StringComparer.Ordinal);
        for (var i = 0; i < ControlNames.Length; i++)
        {
            byControl[ControlNames[i]] = Volatile.Read(ref _controlFrames[i]);
        }

        var endedTicks = Volatile.Read(ref _endedSessionsTicks);
        var uptimeTicks = connected is null ? 0 : Math.Max(0, nowTimestamp - connected.StartTimestamp);

        return new FeedStatisticsSnapshot
        {
            Name = Name,
            Protocol = Protocol,
            Url = Url,
            At = now,
            State = State,
            IsRunning = Volatile.Read(ref _loopAlive) != 0 && flowing,
            Connected = connected is not null,
            ConnectionAttempts = attempts,
            SuccessfulConnections = successes,
            ConnectionFailures = Volatile.Read(ref _connectionFailures),
            Disconnections = Volatile.Read(ref _disconnections),
            SuccessRate = attempts == 0 ? 100 : Percent(successes, attempts),
            ReconnectAttempt = Volatile.Read(ref _reconnectAttempt),
            NextReconnectDelayMs = delayTicks < 0 ? null : Math.Round(TimeSpan.FromTicks(delayTicks).TotalMilliseconds, RateDecimals),
            Session = session,
            ConnectedSince = connected?.Since,
            UptimeSeconds = connected is null ? null : Seconds(uptimeTicks),
            TotalConnectedSeconds = Seconds(endedTicks + uptimeTicks),
            MessagesReceived = messages,
            UpdatesReceived = Volatile.Read(ref _updates),
            BytesReceived = Volatile.Read(ref _bytes),
            FramesIgnored = Volatile.Read(ref _ignored),
            TradesReceived = Volatile.Read(ref _trades),
            ControlFrames = byControl,
            MessagesFailed = failed,
            ParseErrors = Volatile.Read(ref _parseErrorTotal),
            ParseErrorsByCategory = byCategory,
            ParseErrorRate = messages == 0 ? 0 : Percent(Math.Min(failed, messages), messages),
            CodecExceptions = Volatile.Read(ref _codecExceptions),
            SinkExceptions = Volatile.Read(ref _sinkExceptions),
            MessagesPerSecond = Math.Round(_messageRate.PerSecond(nowTimestamp), RateDecimals),
            UpdatesPerSecond = Math.Round(_updateRate.PerSecond(nowTimestamp), RateDecimals),
            RateWindowSeconds = _messageRate.WindowSeconds,
            LastMessageAt = lastMessageUtcTicks == 0 ? null : new DateTimeOffset(lastMessageUtcTicks, TimeSpan.Zero),
            LastMessageAge = lastMessageUtcTicks == 0 ? null : Seconds(Math.Max(0, nowTimestamp - lastMessageTimestamp)),
            NoDataTimeoutSeconds = NoDataTimeout.TotalSeconds,
            LastError = Volatile.Read(ref _lastError),
            LastDisconnectReason = lastDisconnect?.Reason,
            LastDisconnectAt = lastDisconnect?.At,
        };
    }

    internal void LoopStarted() => Volatile.Write(ref _loopAlive, 1);

    internal void LoopStopped()
    {
        Volatile.Write(ref _loopAlive, 0);
        Volatile.Write(ref _nextReconnectDelayTicks, -1);
        SetState(FeedConnectionState.Stopped);
    }

    internal void Connecting() => SetState(FeedConnectionState.Connecting);

    internal void ConnectFailed(string reason, DateTimeOffset at)
    {
        Volatile.Write(ref _connectionAttempts, _connectionAttempts + 1);
        Volatile.Write(ref _connectionFailures, _connectionFailures + 1);
        Volatile.Write(ref _lastError, new FeedErrorInfo(FeedErrorInfo.ConnectFailed, reason, at));
    }

    /// <summary>Records an opened connection and returns its session number.</summary>
    internal long Connected(long timestamp, DateTimeOffset at)
    {
        var session = _session + 1;
        Volatile.Write(ref _connectionAttempts, _connectionAttempts + 1);
        Volatile.Write(ref _successfulConnections, _successfulConnections + 1);
        Volatile.Write(ref _session, session);
        Volatile.Write(ref _nextReconnectDelayTicks, -1);
        Volatile.Write(ref _connected, new ConnectedSession(session, timestamp, at));
        SetState(FeedConnectionState.Connected);
        return session;
    }

    internal void Disconnected(string reason, bool failed, long timestamp, DateTimeOffset at)
    {
        var session = _connected;
        Volatile.Write(ref _connected, null);
        if (session is not null)
        {
            Volatile.Write(ref _endedSessionsTicks, _endedSessionsTicks + Math.Max(0, timestamp - session.StartTimestamp));
        }

        Volatile.Write(ref _disconnections, _disconnections + 1);
        Volatile.Write(ref _lastDisconnect, new Disconnect(reason, at));
        if (failed)
        {
            Volatile.Write(ref _lastError, new FeedErrorInfo(FeedErrorInfo.ConnectionLost, reason, at));
        }
    }

    internal void Reconnecting(TimeSpan delay, int attempt)
    {
        Volatile.Write(ref _reconnectAttempt, attempt);
        Volatile.Write(ref _nextReconnectDelayTicks, delay.Ticks);
        SetState(FeedConnectionState.Reconnecting);
    }

    internal void ListenerFault(string detail, DateTimeOffset at) =>
        Volatile.Write(ref _lastError, new FeedErrorInfo(FeedErrorInfo.ListenerFault, detail, at));

    /// <summary>Counts one received message (whatever becomes of it); the hot path.</summary>
    internal void MessageReceived(long bytes, long timestamp, DateTimeOffset receivedAt)
    {
        Volatile.Write(ref _messages, _messages + 1);
        Volatile.Write(ref _bytes, _bytes + bytes);
        Volatile.Write(ref _lastMessageTimestamp, timestamp);
        Volatile.Write(ref _lastMessageUtcTicks, receivedAt.UtcTicks);
        if (_lastMessageSession != _session)
        {
            Volatile.Write(ref _lastMessageSession, _session);
            SetState(FeedConnectionState.Receiving);
        }

        _messageRate.Add(timestamp, 1);
    }

    internal void UpdatesDecoded(int count, long timestamp)
    {
        Volatile.Write(ref _updates, _updates + count);
        _updateRate.Add(timestamp, count);
    }

    internal void FrameIgnored() => Volatile.Write(ref _ignored, _ignored + 1);

    internal void TradesDecoded(int count) => Volatile.Write(ref _trades, _trades + count);

    internal void ControlFrame(FeedControl control)
    {
        var index = (int)control;
        if ((uint)index < (uint)_controlFrames.Length)
        {
            Volatile.Write(ref _controlFrames[index], _controlFrames[index] + 1);
        }
    }

    internal void MessageFailed(ParseErrorCategory category, string detail, DateTimeOffset at)
    {
        Volatile.Write(ref _failedMessages, _failedMessages + 1);
        ParseError(category, detail, at);
    }

    internal void EntryFailed(ParseErrorCategory category, string detail, DateTimeOffset at) => ParseError(category, detail, at);

    internal void CodecThrew(string detail, DateTimeOffset at)
    {
        Volatile.Write(ref _failedMessages, _failedMessages + 1);
        Volatile.Write(ref _codecExceptions, _codecExceptions + 1);
        Volatile.Write(ref _lastError, new FeedErrorInfo(FeedErrorInfo.CodecException, detail, at));
    }

    internal void SinkThrew(string detail, DateTimeOffset at)
    {
        Volatile.Write(ref _sinkExceptions, _sinkExceptions + 1);
        Volatile.Write(ref _lastError, new FeedErrorInfo(FeedErrorInfo.SinkException, detail, at));
    }

    private void ParseError(ParseErrorCategory category, string detail, DateTimeOffset at)
    {
        var index = (int)category;
        if ((uint)index < (uint)_parseErrors.Length)
        {
            Volatile.Write(ref _parseErrors[index], _parseErrors[index] + 1);
        }

        Volatile.Write(ref _parseErrorTotal, _parseErrorTotal + 1);
        var name = (uint)index < (uint)_parseErrors.Length ? category.ToWireName() : category.ToString();
        Volatile.Write(ref _lastError, new FeedErrorInfo(name, detail, at));
    }

    private void SetState(FeedConnectionState state) => Volatile.Write(ref _state, (int)state);

    private double Seconds(long timestampTicks) =>
        Math.Round((double)timestampTicks / _timeProvider.TimestampFrequency, SecondsDecimals);

    private static double Percent(long part, long whole) => Math.Round(part * 100.0 / whole, RateDecimals);

    private sealed record ConnectedSession(long Number, long StartTimestamp, DateTimeOffset Since);

    private sealed record Disconnect(string Reason, DateTimeOffset At);
}
