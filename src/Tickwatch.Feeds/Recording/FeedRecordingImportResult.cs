namespace Tickwatch.Feeds.Recording;

/// <summary>What an import wrote: the frame count and the first and last receive times.</summary>
public sealed record FeedRecordingImportResult(long Frames, DateTimeOffset FirstReceivedAt, DateTimeOffset LastReceivedAt, long BlankLinesSkipped);
