using Microsoft.Extensions.Logging;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// One feed's replay of a recording: a single cursor shared by every connection of the feed (each frame goes to all of
/// them, as the generator's do; a client that connects late gets the frames from where the cursor is), paced on the hub's
/// clock by the recorded receive times divided by the speed. Control changes wake the loop, which re-reads the state.
/// </summary>
internal sealed class FeedReplay
{
    private const string Waiting = "waiting";
    private const string Running = "running";
    private const string Paused = "paused";
    private const string Finished = "finished";

    // The recording's source times are judged against its own receive times only to classify; any skew is let through.
    private static readonly TimeSpan ClassifySkew = TimeSpan.FromDays(3650);

    private readonly Lock _gate = new();
    private readonly HubFeed _feed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly IFeedCodec? _classifier;
    private readonly PriceUpdateBatch _decoded = new(16);
    private TaskCompletionSource _changed = NewSignal();
    private string _state = Waiting;
    private bool _startRequested;
    private bool _restartRequested;
    private double _speed;
    private long _anchorTimestamp;
    private DateTimeOffset _anchorTime;
    private long? _anchorMicros;
    private long _framesSent;
    private long _framesSkipped;
    private long _passes;
    private long? _firstMicros;
    private long? _reachedMicros;
    private DateTimeOffset? _nextDue;
    private bool _torn;
    private int _tornBytes;
    private string? _error;

    public FeedReplay(HubFeed feed, QuoteHubReplayOptions options, TimeProvider time, ILogger logger, int seed)
    {
        _feed = feed;
        Options = options;
        _time = time;
        _logger = logger;
        _random = new Random(seed);
        _speed = options.Speed;

        // Only the venue's protocols carry control answers among the data (subscription results, serverShutdown).
        _classifier = feed.Protocol is FeedProtocol.BinanceJson or FeedProtocol.BinanceSbe
            ? FeedCodecs.CreateCodec(feed.Protocol, new SymbolRegistry([], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)), acceptUnlisted: true))
            : null;
    }

    public QuoteHubReplayOptions Options { get; }

    public ReplayStatus Status()
    {
        lock (_gate)
        {
            return new ReplayStatus(
                _feed.Name,
                Options.File,
                _state,
                _speed,
                Options.Loop,
                _framesSent,
                _framesSkipped,
                _passes,
                _firstMicros is { } first ? FeedRecordingFormat.FromMicroseconds(first) : null,
                _reachedMicros is { } reached ? FeedRecordingFormat.FromMicroseconds(reached) : null,
                _nextDue,
                _state == Finished,
                _torn,
                _tornBytes,
                _error);
        }
    }

    /// <summary>A client connected or subscribed: a replay waiting for its first client may begin.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            SignalLocked();
        }
    }

    /// <summary>Applies a control action (already validated: start, pause, resume, restart or speed) and an optional new speed.</summary>
    public ReplayStatus Control(string action, double? speed)
    {
        lock (_gate)
        {
            if (speed is { } newSpeed)
            {
                ReanchorLocked();
                _speed = newSpeed;
            }

            switch (action)
            {
                case "start" when _state == Waiting:
                    _startRequested = true;
                    break;
                case "start" when _state == Finished:
                case "restart":
                    _restartRequested = true;
                    _startRequested = true;
                    break;
                case "start" or "resume" when _state == Paused:
                    ReanchorLocked();
                    _state = Running;
                    break;
                case "pause" when _state == Running:
                    ReanchorLocked();
                    _state = Paused;
                    break;
            }

            SignalLocked();
        }

        _logger.ReplayControlled(_feed.Name, action, speed);
        return Status();
    }

    /// <summary>Runs the replay until the hub stops: waits for its start, then plays the file (again on loop or restart).</summary>
    public async Task RunAsync(FaultBook faults, CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await WaitForStartAsync(stopping);
                while (await PlayAsync(faults, stopping))
                {
                    // Restarted: play again from the first frame.
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Hub stopping.
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // The file went away or is corrupt mid-way: the replay stops and says why; the hub carries on.
            lock (_gate)
            {
                _error = ex.Message;
                _state = Finished;
                _nextDue = null;
            }

            _logger.ReplayFailed(_feed.Name, Options.File, ex);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task WaitForStartAsync(CancellationToken stopping)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                var start = _startRequested
                    || Options.Start == ReplayStart.Immediately
                    || (Options.Start == ReplayStart.FirstClient && HasListener());
                if (_state == Waiting && start)
                {
                    _state = Running;
                    _startRequested = false;
                    _restartRequested = false;
                    return;
                }

                signal = _changed.Task;
            }

            await signal.WaitAsync(stopping);
        }
    }

    // A Binance client is a listener once it has a stream: before its SUBSCRIBE it would miss what was sent.
    private bool HasListener() => Array.Exists(_feed.Connections, c => c.Session is not { } session || session.HasStreams);

    /// <summary>One pass or more (on loop) over the file; true when a restart was asked for.</summary>
    private async Task<bool> PlayAsync(FaultBook faults, CancellationToken stopping)
    {
        ResetPass(clearCounters: true);
        _logger.ReplayStarted(_feed.Name, Options.File, _speed, Options.Loop);
        while (true)
        {
            var reader = await FeedRecordingReader.OpenAsync(Options.File, stopping);
            await using (reader)
            {
                while (await reader.ReadNextAsync(stopping))
                {
                    var frame = reader.Current;
                    if (IsControl(frame))
                    {
                        lock (_gate)
                        {
                            _framesSkipped++;
                            _firstMicros ??= frame.ReceivedAtMicroseconds;
                        }

                        continue;
                    }

                    if (!await WaitUntilDueAsync(frame.ReceivedAtMicroseconds, stopping))
                    {
                        return true;
                    }

                    // The reader reuses its buffer; the connections' queues keep the payload after the next read.
                    await _feed.SendRecordedAsync(frame.Payload.ToArray(), frame.Kind, faults, _random, stopping);
                    lock (_gate)
                    {
                        _framesSent++;
                        _reachedMicros = frame.ReceivedAtMicroseconds;
                    }
                }

                lock (_gate)
                {
                    _torn = reader.IsTorn;
                    _tornBytes = reader.TornBytes;
                    _passes++;
                }

                if (reader.IsTorn)
                {
                    _logger.ReplayTorn(_feed.Name, Options.File, reader.FramesRead, reader.TornBytes);
                }
            }

            if (!Options.Loop)
            {
                return await FinishAsync(stopping);
            }

            ResetPass(clearCounters: false);
        }
    }

    private async Task<bool> FinishAsync(CancellationToken stopping)
    {
        var status = Status();
        lock (_gate)
        {
            _state = Finished;
            _nextDue = null;
        }

        _logger.ReplayFinished(_feed.Name, Options.File, status.FramesSent, status.FramesSkipped, status.Torn);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_restartRequested)
                {
                    return true;
                }

                signal = _changed.Task;
            }

            await signal.WaitAsync(stopping);
        }
    }

    private void ResetPass(bool clearCounters)
    {
        lock (_gate)
        {
            if (clearCounters)
            {
                _framesSent = 0;
                _framesSkipped = 0;
                _passes = 0;
                _reachedMicros = null;
                _firstMicros = null;
                _torn = false;
                _tornBytes = 0;
                _error = null;
            }

            _restartRequested = false;
            _startRequested = false;
            _state = Running;
            _anchorMicros = null;
            _anchorTimestamp = _time.GetTimestamp();
            _anchorTime = _time.GetUtcNow();
        }
    }

    /// <summary>Waits until the frame recorded at <paramref name="micros"/> is due; false when a restart was asked for instead.</summary>
    private async Task<bool> WaitUntilDueAsync(long micros, CancellationToken stopping)
    {
        while (true)
        {
            Task signal;
            TimeSpan wait;
            lock (_gate)
            {
                if (_restartRequested)
                {
                    return false;
                }

                _firstMicros ??= micros;

                // The first frame of a pass goes at once; the others at their recorded distance from it, over the speed.
                _anchorMicros ??= micros;
                signal = _changed.Task;
                if (_state == Paused)
                {
                    _nextDue = null;
                    wait = Timeout.InfiniteTimeSpan;
                }
                else if (_speed == 0)
                {
                    _nextDue = null;
                    return true;
                }
                else
                {
                    var offset = TimeSpan.FromTicks((long)((micros - _anchorMicros.Value) * 10 / _speed));
                    wait = offset - _time.GetElapsedTime(_anchorTimestamp);
                    if (wait <= TimeSpan.Zero)
                    {
                        _nextDue = null;
                        return true;
                    }

                    _nextDue = _anchorTime + offset;
                }
            }

            if (wait == Timeout.InfiniteTimeSpan)
            {
                await signal.WaitAsync(stopping);
                continue;
            }

            using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var delay = Task.Delay(wait, _time, cancelDelay.Token);
            await Task.WhenAny(delay, signal);
            await cancelDelay.CancelAsync();
            stopping.ThrowIfCancellationRequested();
        }
    }

    // Pause, resume and speed changes move the anchor to where the replay has got to, so the pace changes from now on only.
    private void ReanchorLocked()
    {
        if (_anchorMicros is { } anchor && _state == Running)
        {
            // Running at a speed: the recorded time reached by the clock; as fast as possible: the last frame sent.
            var cursor = _speed > 0 ? anchor + (long)(_time.GetElapsedTime(_anchorTimestamp).Ticks / 10 * _speed) : _reachedMicros ?? anchor;
            _anchorMicros = Math.Max(cursor, _reachedMicros ?? cursor);
        }

        // Paused (or not begun): the anchor already is where the replay stopped.
        _anchorTimestamp = _time.GetTimestamp();
        _anchorTime = _time.GetUtcNow();
    }

    private void SignalLocked()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    /// <summary>Whether the codec reads the frame as one of the venue's control answers, which the hub gives itself.</summary>
    private bool IsControl(in RecordedFrame frame)
    {
        if (_classifier is null || frame.Kind != FrameKind.Text)
        {
            return false;
        }

        _decoded.Clear();
        var context = new DecodeContext(_feed.Name, 1, frame.ReceivedAt, ClassifySkew);
        return _classifier.Decode(frame.Payload.Span, frame.Kind, context, _decoded).Control is not null;
    }
}
