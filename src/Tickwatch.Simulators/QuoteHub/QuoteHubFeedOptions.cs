using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>One feed the quote hub serves (section <c>QuoteHub:Feeds:N</c>).</summary>
public sealed class QuoteHubFeedOptions
{
    /// <summary>Name used in the control API and logs, e.g. <c>json</c>.</summary>
    public string Name { get; set; } = "";

    public FeedProtocol Protocol { get; set; } = FeedProtocol.Json;

    /// <summary>Request path of the WebSocket endpoint, e.g. <c>/ws/json</c>.</summary>
    public string Path { get; set; } = "";
}
