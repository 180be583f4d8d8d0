using Microsoft.Extensions.Logging;

namespace Tickwatch.Feeds.Recording;

/// <summary>The feed recorder's log lines, source-generated with stable event ids (block 1200–1209).</summary>
internal static partial class FeedRecorderLog
{
    [LoggerMessage(EventId = 1200, EventName = "FeedRecordingStarted", Level = LogLevel.Information,
        Message = "Recording feed {Feed} to {Directory} (files rotate at {MaxFileBytes} bytes or {MaxFileAge})")]
    public static partial void Started(ILogger logger, string feed, string directory, long maxFileBytes, TimeSpan maxFileAge);

    [LoggerMessage(EventId = 1201, EventName = "FeedRecordingWriteFailed", Level = LogLevel.Error,
        Message = "Recording of feed {Feed} failed; its frames are counted as failed and a new file is tried in {RetrySeconds:F1} s")]
    public static partial void WriteFailed(ILogger logger, string feed, double retrySeconds, Exception exception);

    [LoggerMessage(EventId = 1202, EventName = "FeedRecordingResumed", Level = LogLevel.Information,
        Message = "Recording of feed {Feed} resumed in {File}")]
    public static partial void Resumed(ILogger logger, string feed, string file);

    [LoggerMessage(EventId = 1203, EventName = "FeedRecordingFramesDropped", Level = LogLevel.Warning,
        Message = "Recording of feed {Feed} dropped {Dropped} frames: its queue of {Capacity} frames was full (the disk is slower than the feed)")]
    public static partial void FramesDropped(ILogger logger, string feed, long dropped, int capacity);

    [LoggerMessage(EventId = 1204, EventName = "FeedRecordingStopped", Level = LogLevel.Information,
        Message = "Recording of feed {Feed} stopped: {Files} files, {Written} frames written, {Dropped} dropped, {Failed} failed")]
    public static partial void Stopped(ILogger logger, string feed, int files, long written, long dropped, long failed);
}
