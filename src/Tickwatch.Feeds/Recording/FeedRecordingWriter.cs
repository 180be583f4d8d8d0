using System.Globalization;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Recording;

/// <summary>Writes a feed's frames with their receive times into <c>.twrec</c> files that rotate by size and age; not thread-safe (one writer per feed).</summary>
public sealed class FeedRecordingWriter : IDisposable
{
    private const int FileBufferBytes = 64 * 1024;

    private readonly FeedRecordingWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly string _url;
    private readonly List<string> _files = [];
    private RecordingSegment? _segment;
    private bool _disposed;

    public FeedRecordingWriter(FeedRecordingWriterOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Errors();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _time = time;
        _url = FeedRecordingFormat.UrlWithoutQuery(options.Url);
        System.IO.Directory.CreateDirectory(options.Directory);
    }

    /// <summary>Every file begun, oldest first; the last is the one being written.</summary>
    public IReadOnlyList<string> Files => _files;

    public long FramesWritten { get; private set; }

    /// <summary>Bytes put in files (buffered or on the disk), headers included.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Records a frame received now (by the writer's clock).</summary>
    public void Write(FrameKind kind, ReadOnlySpan<byte> payload) => Write(kind, payload, _time.GetUtcNow());

    /// <summary>Records a frame received at <paramref name="receivedAt"/> (kept to the microsecond).</summary>
    public void Write(FrameKind kind, ReadOnlySpan<byte> payload, DateTimeOffset receivedAt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (payload.Length > FeedRecordingFormat.MaxPayloadBytes)
        {
            throw new ArgumentException($"A frame of {payload.Length} bytes is over the recording's limit of {FeedRecordingFormat.MaxPayloadBytes}.", nameof(payload));
        }

        var micros = FeedRecordingFormat.ToMicroseconds(receivedAt);
        if (_segment is { } open && (IsTooOld(open, micros) || IsTooFull(open, payload.Length)))
        {
            open.Dispose();
            _segment = null;
        }

        _segment ??= Begin(receivedAt);
        var before = _segment.Length;
        _segment.Write(kind, payload, micros);
        BytesWritten += _segment.Length - before;
        FramesWritten++;
    }

    /// <summary>Pushes buffered records to the file (a crash then loses nothing written before).</summary>
    public void Flush() => _segment?.Flush();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _segment?.Dispose();
        _segment = null;
    }

    private bool IsTooOld(RecordingSegment segment, long micros) =>
        micros - segment.StartedAtMicroseconds >= (long)(_options.MaxFileAge.Ticks / 10);

    // A file holding one frame is never rotated for size: a frame larger than MaxFileBytes still gets a file of its own.
    private bool IsTooFull(RecordingSegment segment, int payloadLength) =>
        segment.Frames > 0 && segment.Length + RecordingSegment.RecordBytes(payloadLength) > _options.MaxFileBytes;

    private RecordingSegment Begin(DateTimeOffset startedAt)
    {
        var stamp = startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var stem = Path.Combine(_options.Directory, $"{_options.Feed}-{stamp}");
        var path = stem + FeedRecordingFormat.Extension;
        // Two files begun within one second (size rotation of a busy feed) get -2, -3, ... rather than overwrite.
        for (var n = 2; File.Exists(path); n++)
        {
            path = $"{stem}-{n}{FeedRecordingFormat.Extension}";
        }

        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, FileBufferBytes);
        var header = new FeedRecordingHeader(_options.Protocol.ToString(), _options.Feed, _url, FeedRecordingFormat.FromMicroseconds(FeedRecordingFormat.ToMicroseconds(startedAt)));
        _files.Add(path);
        try
        {
            var segment = new RecordingSegment(stream, header);
            BytesWritten += segment.Length;
            return segment;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
