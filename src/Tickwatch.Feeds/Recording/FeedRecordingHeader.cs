namespace Tickwatch.Feeds.Recording;

/// <summary>The start of a <c>.twrec</c> recording: what was recorded (protocol, feed, URL without its query) and when the file began.</summary>
/// <param name="Protocol">The feed protocol's name, e.g. <c>BinanceJson</c> (kept as text so a newer protocol still reads).</param>
/// <param name="Feed">The feed's name in the configuration.</param>
/// <param name="Url">The URL the frames came from, query string and user info removed (they may hold keys); empty when unknown.</param>
/// <param name="StartedAt">The time the first record's delta counts from, to the microsecond.</param>
/// <param name="FormatVersion">The file format version.</param>
public sealed record FeedRecordingHeader(string Protocol, string Feed, string Url, DateTimeOffset StartedAt, int FormatVersion = FeedRecordingFormat.Version);
