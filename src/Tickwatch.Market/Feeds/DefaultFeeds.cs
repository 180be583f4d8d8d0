using System.Globalization;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Market.Feeds;

/// <summary>The feeds used when none are configured: both protocols of the quote hub on its default port.</summary>
public static class DefaultFeeds
{
    /// <summary>The configuration section of the feeds, a list: <c>Feeds:0:Name</c>, <c>Feeds:0:Url</c>, …</summary>
    public const string SectionName = "Feeds";

    public const string QuoteHubAddress = "ws://127.0.0.1:9001";

    public static List<FeedOptions> ForQuoteHub(string baseAddress = QuoteHubAddress) =>
    [
        new() { Name = "binary", Protocol = FeedProtocol.Protobuf, Url = new Uri($"{baseAddress}/ws/binary") },
        new() { Name = "json", Protocol = FeedProtocol.Json, Url = new Uri($"{baseAddress}/ws/json") },
    ];

    /// <summary>
    /// The configuration keys that select the quote hub's feeds at <paramref name="baseAddress"/> (<c>ws://host:port</c>),
    /// with the hub's <paramref name="token"/> when it asks for one: what <c>tickwatch up</c> and the tests hand the market service.
    /// </summary>
    public static Dictionary<string, string?> SettingsForQuoteHub(string baseAddress, string? token = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var feeds = ForQuoteHub(baseAddress);
        for (var i = 0; i < feeds.Count; i++)
        {
            var at = $"{SectionName}:{i.ToString(CultureInfo.InvariantCulture)}";
            settings[$"{at}:{nameof(FeedOptions.Name)}"] = feeds[i].Name;
            settings[$"{at}:{nameof(FeedOptions.Protocol)}"] = feeds[i].Protocol.ToString();
            settings[$"{at}:{nameof(FeedOptions.Url)}"] = feeds[i].Url!.ToString();
            if (token is not null)
            {
                settings[$"{at}:{nameof(FeedOptions.Token)}"] = token;
            }
        }

        return settings;
    }
}
