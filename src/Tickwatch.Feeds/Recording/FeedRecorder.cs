using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Recording;

/// <summary>Records one feed's frames off its receive path: the receiver copies each frame into a pooled buffer and queues it; one consumer writes the <c>.twrec</c> files.</summary>
/// <remarks>
/// <see cref="TryRecord"/> never waits and allocates nothing: a full queue drops the frame and counts it. The consumer
/// runs between <see cref="Start"/> and <see cref="StopAsync"/>, which writes every frame still queued, flushes and
/// closes the file. A write that fails (disk full, directory removed) is logged and counted, and a new file is tried
/// one <see cref="FeedRecordOptions.FlushInterval"/> later; the feed never notices.
/// </remarks>
public sealed class FeedRecorder : IAsyncDisposable
{
    private readonly FeedRecordOptions _options;
    private readonly FeedRecordingWriterOptions _writerOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<QueuedFrame> _queue;
    private readonly List<string> _files = [];
    private readonly long _flushTicks;
    private readonly object _gate = new();

    private FeedRecordingWriter? _writer;
    private long _writerBytesCounted;
    private CancellationTokenSource? _stopping;
    private Task? _consumer;
    private bool _dirty;
    private long _flushDueAt;
    private long _retryAt;
    private bool _failing;
    private long _dropsLogged;
    private long _nextDropReportAt;

    private long _framesWritten;
    private long _framesDropped;
    private long _framesFailed;
    private long _bytes;
    private string? _currentFile;
    private string? _lastError;
    private long _lastErrorAtTicks;

    /// <param name="options">Where and how to record; <see cref="FeedRecordOptions.Directory"/> must be set.</param>
    /// <param name="feed">The feed's name, the files' prefix.</param>
    /// <param name="protocol">The feed's protocol, named in each file's header.</param>
    /// <param name="url">The feed's URL; the header keeps it without query or user info, which may carry keys.</param>
    /// <param name="time">The clock of the flushes and retries.</param>
    /// <param name="logger">Where failures and drops are told.</param>
    public FeedRecorder(FeedRecordOptions options, string feed, FeedProtocol protocol, Uri? url, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (!options.Enabled)
        {
            throw new ArgumentException("A recorder needs Record:Directory.", nameof(options));
        }

        _options = options;
        _time = time;
        _logger = logger;
        _writerOptions = new FeedRecordingWriterOptions
        {
            Directory = options.Directory!,
            Feed = feed,
            Protocol = protocol,
            Url = url,
            MaxFileBytes = options.MaxFileBytes,
            MaxFileAge = options.MaxFileAge,
        };
        var errors = _writerOptions.Errors();
        if (errors.Count > 0 || options.QueueCapacity < 1 || options.FlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Recording of feed '{feed}': {string.Join(" ", errors)} QueueCapacity and FlushInterval must be positive.", nameof(options));
        }

        _flushTicks = Math.Max(1, (long)(options.FlushInterval.TotalSeconds * time.TimestampFrequency));

        // Wait mode makes TryWrite refuse when full: the newest frame is dropped and counted, and the receiver never waits.
        _queue = Channel.CreateBounded<QueuedFrame>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
    }

    public string Feed => _writerOptions.Feed;

    public string Directory => _writerOptions.Directory;

    public long FramesWritten => Volatile.Read(ref _framesWritten);

    public long FramesDropped => Volatile.Read(ref _framesDropped);

    public long FramesFailed => Volatile.Read(ref _framesFailed);

    public long BytesWritten => Volatile.Read(ref _bytes);

    /// <summary>Every file begun, oldest first.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_gate)
            {
                return [.. _files];
            }
        }
    }

    /// <summary>Queues a copy of a frame received at <paramref name="receivedAt"/>; false when the queue is full (the frame is dropped and counted). The receiver's call: never waits.</summary>
    public bool TryRecord(FrameKind kind, ReadOnlySpan<byte> payload, DateTimeOffset receivedAt)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, payload.Length));
        payload.CopyTo(buffer);
        if (_queue.Writer.TryWrite(new QueuedFrame(buffer, payload.Length, kind, receivedAt)))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Increment(ref _framesDropped);
        return false;
    }

    /// <summary>Starts the consumer that writes the queued frames; frames queued before are written too. Once at a time.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_consumer is not null)
            {
                throw new InvalidOperationException($"The recorder of feed '{Feed}' is already running.");
            }

            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            FeedRecorderLog.Started(_logger, Feed, Directory, _options.MaxFileBytes, _options.MaxFileAge);
            _consumer = Task.Run(() => ConsumeAsync(token), CancellationToken.None);
        }
    }

    /// <summary>Writes every frame still queued, flushes and closes the file; the recorder may be started again. Call it once the receiver has stopped.</summary>
    public async Task StopAsync()
    {
        Task? consumer;
        CancellationTokenSource? stopping;
        lock (_gate)
        {
            (consumer, stopping) = (_consumer, _stopping);
        }

        if (consumer is null || stopping is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await consumer.ConfigureAwait(false);
        stopping.Dispose();
        lock (_gate)
        {
            (_consumer, _stopping) = (null, null);
        }

        FeedRecorderLog.Stopped(_logger, Feed, Files.Count, FramesWritten, FramesDropped, FramesFailed);
    }

    /// <summary>What the diagnostics show of this recording.</summary>
    public FeedRecordingStatus GetStatus()
    {
        int files;
        lock (_gate)
        {
            files = _files.Count;
        }

        return new FeedRecordingStatus
        {
            Enabled = true,
            Directory = Directory,
            CurrentFile = Volatile.Read(ref _currentFile),
            Files = files,
            FramesWritten = FramesWritten,
            FramesDropped = FramesDropped,
            FramesFailed = FramesFailed,
            Bytes = BytesWritten,
            Queued = _queue.Reader.Count,
            LastError = Volatile.Read(ref _lastError),
            LastErrorAt = Volatile.Read(ref _lastErrorAtTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);

        // Frames queued by a receiver never started are given back to the pool.
        while (_queue.Reader.TryRead(out var frame))
        {
            ArrayPool<byte>.Shared.Return(frame.Buffer);
        }
    }

    private async Task ConsumeAsync(CancellationToken stopping)
    {
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                stopping.ThrowIfCancellationRequested();
                WriteQueued();
                waiting ??= _queue.Reader.WaitToReadAsync(stopping).AsTask();
                if (_dirty)
                {
                    var due = _time.GetElapsedTime(_time.GetTimestamp(), _flushDueAt);
                    if (due > TimeSpan.Zero && !waiting.IsCompleted)
                    {
                        using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                        await Task.WhenAny(waiting, Task.Delay(due, _time, delayCancel.Token)).ConfigureAwait(false);
                        await delayCancel.CancelAsync().ConfigureAwait(false);
                    }

                    if (_time.GetTimestamp() >= _flushDueAt)
                    {
                        Flush();
                    }
                }
                else
                {
                    await waiting.ConfigureAwait(false);
                }

                if (waiting.IsCompleted)
                {
                    await waiting.ConfigureAwait(false);
                    waiting = null;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what is queued is written below.
        }
        catch (Exception ex)
        {
            // A fault of the recorder itself: the feed goes on unrecorded rather than stop.
            Failed(ex);
        }
        finally
        {
            WriteQueued();
            ReportDrops(force: true);
            Close();
        }
    }

    /// <summary>Writes every frame in the queue now.</summary>
    private void WriteQueued()
    {
        while (_queue.Reader.TryRead(out var frame))
        {
            try
            {
                Write(frame);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame.Buffer);
            }
        }

        ReportDrops(force: false);
    }

    private void Write(QueuedFrame frame)
    {
        var now = _time.GetTimestamp();
        if (_failing && now < _retryAt)
        {
            Interlocked.Increment(ref _framesFailed);
            return;
        }

        try
        {
            if (_writer is null)
            {
                _writer = new FeedRecordingWriter(_writerOptions, _time);
                _writerBytesCounted = 0;
            }

            _writer.Write(frame.Kind, frame.Buffer.AsSpan(0, frame.Length), frame.ReceivedAt);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Interlocked.Increment(ref _framesFailed);
            Failed(ex);
            return;
        }

        Interlocked.Increment(ref _framesWritten);
        NoteWriterProgress();
        if (_failing)
        {
            _failing = false;
            FeedRecorderLog.Resumed(_logger, Feed, _currentFile ?? "");
        }

        if (!_dirty)
        {
            _dirty = true;
            _flushDueAt = now + _flushTicks;
        }
    }

    private void NoteWriterProgress()
    {
        var writer = _writer!;
        Interlocked.Add(ref _bytes, writer.BytesWritten - _writerBytesCounted);
        _writerBytesCounted = writer.BytesWritten;
        var files = writer.Files;
        var current = files[^1];
        if (!ReferenceEquals(current, _currentFile))
        {
            lock (_gate)
            {
                _files.Add(current);
            }

            Volatile.Write(ref _currentFile, current);
        }
    }

    private void Flush()
    {
        _dirty = false;
        try
        {
            _writer?.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Failed(ex);
        }
    }

    /// <summary>Gives up the file that failed; the next frame after <see cref="FeedRecordOptions.FlushInterval"/> begins a new one.</summary>
    private void Failed(Exception exception)
    {
        var firstOfEpisode = !_failing;
        _failing = true;
        _dirty = false;
        _retryAt = _time.GetTimestamp() + _flushTicks;
        Volatile.Write(ref _lastErrorAtTicks, _time.GetUtcNow().UtcTicks);
        Volatile.Write(ref _lastError, exception.Message);
        Volatile.Write(ref _currentFile, null);
        DisposeWriter();
        if (firstOfEpisode)
        {
            FeedRecorderLog.WriteFailed(_logger, Feed, _options.FlushInterval.TotalSeconds, exception);
        }
    }

    private void Close()
    {
        if (_writer is null)
        {
            return;
        }

        try
        {
            _writer.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Failed(ex);
        }

        DisposeWriter();
        _dirty = false;
        Volatile.Write(ref _currentFile, null);
    }

    private void DisposeWriter()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The file failed already and is given up; its buffered tail is lost with it, counted by the failure.
        }

        _writer = null;
    }

    /// <summary>Tells of frames dropped since the last report, at most once a flush interval.</summary>
    private void ReportDrops(bool force)
    {
        var dropped = FramesDropped;
        var now = _time.GetTimestamp();
        if (dropped == _dropsLogged || (!force && now < _nextDropReportAt))
        {
            return;
        }

        FeedRecorderLog.FramesDropped(_logger, Feed, dropped - _dropsLogged, _options.QueueCapacity);
        _dropsLogged = dropped;
        _nextDropReportAt = now + _flushTicks;
    }

    private readonly record struct QueuedFrame(byte[] Buffer, int Length, FrameKind Kind, DateTimeOffset ReceivedAt);
}
