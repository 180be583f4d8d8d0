namespace Tickwatch.Feeds.Codecs;

/// <summary>What the listener knows about a frame that the frame itself does not say.</summary>
/// <param name="Feed">Name of the feed.</param>
/// <param name="FeedSession">Connection number; sequences are compared within one session only.</param>
/// <param name="ReceivedAt">Local time the frame was read.</param>
public readonly record struct DecodeContext(string Feed, long FeedSession, DateTimeOffset ReceivedAt);
