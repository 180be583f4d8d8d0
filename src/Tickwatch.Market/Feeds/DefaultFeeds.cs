using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Market.Feeds;

/// <summary>The feeds used when none are configured: both protocols of the quote hub on its default port.</summary>
public static class DefaultFeeds
{
    public const string QuoteHubAddress = "ws://127.0.0.1:9001";

    public static List<FeedOptions> ForQuoteHub(string baseAddress = QuoteHubAddress) =>
    [
        new() { Name = "binary", Protocol = FeedProtocol.Protobuf, Url = new Uri($"{baseAddress}/ws/binary") },
        new() { Name = "json", Protocol = FeedProtocol.Json, Url = new Uri($"{baseAddress}/ws/json") },
    ];
}
