using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Recording;

/// <summary>One open <c>.twrec</c> file: its header written, records appended through the stream's own buffer.</summary>
internal sealed class RecordingSegment : IDisposable
{
    private readonly Stream _stream;
    private long _lastMicroseconds;

    public RecordingSegment(Stream stream, FeedRecordingHeader header)
    {
        _stream = stream;
        StartedAtMicroseconds = FeedRecordingFormat.ToMicroseconds(header.StartedAt);
        _lastMicroseconds = StartedAtMicroseconds;
        var bytes = FeedRecordingFormat.EncodeHeader(header);
        _stream.Write(bytes);
        Length = bytes.Length;
    }

    public long StartedAtMicroseconds { get; }

    public long Length { get; private set; }

    public long Frames { get; private set; }

    /// <summary>The size of the record a payload of this length takes at most.</summary>
    public static long RecordBytes(int payloadLength) => FeedRecordingFormat.MaxRecordHeaderBytes + payloadLength;

    public void Write(FrameKind kind, ReadOnlySpan<byte> payload, long receivedAtMicroseconds)
    {
        // A clock stepping back records a zero delta: the order of frames is the truth, not the wall clock.
        var delta = Math.Max(0, receivedAtMicroseconds - _lastMicroseconds);
        _lastMicroseconds += delta;
        Span<byte> head = stackalloc byte[FeedRecordingFormat.MaxRecordHeaderBytes];
        var at = FeedRecordingFormat.WriteVarint(head, (ulong)delta);
        head[at++] = FeedRecordingFormat.KindByte(kind);
        at += FeedRecordingFormat.WriteVarint(head[at..], (ulong)payload.Length);
        _stream.Write(head[..at]);
        _stream.Write(payload);
        Length += at + payload.Length;
        Frames++;
    }

    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _stream.Flush();
        _stream.Dispose();
    }
}
