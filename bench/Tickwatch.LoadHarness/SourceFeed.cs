using Tickwatch.Feeds.Codecs;

namespace Tickwatch.LoadHarness;

/// <summary>One feed a frame source serves.</summary>
internal sealed record SourceFeed(string Name, FeedProtocol Protocol, Uri Url);
