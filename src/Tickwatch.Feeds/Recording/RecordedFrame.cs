using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Recording;

/// <summary>One frame read back from a recording; <see cref="Payload"/> is valid only until the reader's next read.</summary>
public readonly record struct RecordedFrame(long ReceivedAtMicroseconds, FrameKind Kind, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The receive time, to the microsecond.</summary>
    public DateTimeOffset ReceivedAt => FeedRecordingFormat.FromMicroseconds(ReceivedAtMicroseconds);
}
