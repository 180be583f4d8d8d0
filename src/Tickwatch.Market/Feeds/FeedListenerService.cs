using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Market.Feeds;

/// <summary>One feed listener as a supervised background service, named after its feed and protocol as the operators' guide names them.</summary>
/// <remarks>In cluster mode it runs the listener through its <see cref="FeedTakeover"/>, only while this instance holds the feed's lease.</remarks>
public sealed class FeedListenerService(FeedListener listener, FeedProtocol protocol, FeedTakeover? takeover = null) : ISupervisedService
{
    public string Name { get; } = "feed_" + listener.Name;

    /// <summary>"Binary market listener" for a protobuf feed, "JSON market listener" for a JSON feed, "Binance JSON"/"Binance SBE market listener" for a Binance one; the feed's name is added when it is not the usual one.</summary>
    public string DisplayName { get; } = DisplayNameOf(listener.Name, protocol);

    public FeedListener Listener { get; } = listener;

    /// <summary>The feed's takeover in cluster mode; null in single mode, where the listener always runs.</summary>
    public FeedTakeover? Takeover { get; } = takeover;

    public Task RunAsync(CancellationToken stoppingToken) => Takeover is { } leased ? leased.RunAsync(stoppingToken) : Listener.RunAsync(stoppingToken);

    private static string DisplayNameOf(string feed, FeedProtocol protocol)
    {
        var (label, usualName) = protocol switch
        {
            FeedProtocol.Protobuf => ("Binary", "binary"),
            FeedProtocol.BinanceJson => ("Binance JSON", "binance"),
            FeedProtocol.BinanceSbe => ("Binance SBE", "binance-sbe"),
            _ => ("JSON", "json"),
        };
        return feed == usualName ? $"{label} market listener" : $"{label} market listener ({feed})";
    }
}
