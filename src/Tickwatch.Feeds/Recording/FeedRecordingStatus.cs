using System.Text.Json.Serialization;

namespace Tickwatch.Feeds.Recording;

/// <summary>A feed's recording at a point in time, as the diagnostics show it (<c>recording</c>).</summary>
public sealed record FeedRecordingStatus
{
    /// <summary>The status of a feed that records nothing.</summary>
    public static readonly FeedRecordingStatus Disabled = new() { Enabled = false };

    [JsonPropertyName("enabled")]
    public required bool Enabled { get; init; }

    [JsonPropertyName("directory")]
    public string? Directory { get; init; }

    /// <summary>The file being written; null before the first frame, after a failure and once stopped.</summary>
    [JsonPropertyName("current_file")]
    public string? CurrentFile { get; init; }

    /// <summary>Files begun so far.</summary>
    [JsonPropertyName("files")]
    public int Files { get; init; }

    /// <summary>Frames handed to the file.</summary>
    [JsonPropertyName("frames_written")]
    public long FramesWritten { get; init; }

    /// <summary>Frames not recorded because the queue was full (the disk was slower than the feed).</summary>
    [JsonPropertyName("frames_dropped")]
    public long FramesDropped { get; init; }

    /// <summary>Frames not recorded because the file could not be written.</summary>
    [JsonPropertyName("frames_failed")]
    public long FramesFailed { get; init; }

    /// <summary>Bytes put in files, headers included.</summary>
    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    /// <summary>Frames waiting for the disk.</summary>
    [JsonPropertyName("queued")]
    public int Queued { get; init; }

    /// <summary>The last write failure, e.g. the disk full; null if none.</summary>
    [JsonPropertyName("last_error")]
    public string? LastError { get; init; }

    [JsonPropertyName("last_error_at")]
    public DateTimeOffset? LastErrorAt { get; init; }
}
