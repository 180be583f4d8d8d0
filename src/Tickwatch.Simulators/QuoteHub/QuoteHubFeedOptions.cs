using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>One feed the quote hub serves (section <c>QuoteHub:Feeds:N</c>).</summary>
public sealed class QuoteHubFeedOptions
{
    /// <summary>Name used in the control API and logs, e.g. <c>json</c>.</summary>
    public string Name { get; set; } = "";

    public FeedProtocol Protocol { get; set; } = FeedProtocol.Json;

    /// <summary>
    /// Request path of the WebSocket endpoint, e.g. <c>/ws/json</c>; for a Binance feed the prefix of the venue's paths
    /// (<c>/binance</c> serves <c>/binance/ws/btcusdt@bookTicker</c> and <c>/binance/stream?streams=…</c>).
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>
    /// Binance feeds only: venue symbol to the hub's symbol (<c>Symbols:BTCUSDT=BTCUSD</c>); when set, the feed serves
    /// exactly these. Empty serves every hub symbol under its own name, upper-cased.
    /// </summary>
    public Dictionary<string, string> Symbols { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Binance feeds only: how long a connection lives before the hub cuts it, as the venue does after 24 h.</summary>
    public TimeSpan ConnectionLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Binance feeds only: how long before the cut the <c>serverShutdown</c> event goes out (at most half the lifetime).</summary>
    public TimeSpan ShutdownNotice { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Binance feeds only: the interval of the hub's WebSocket pings (the venue's 20 s); zero sends none.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Binance feeds only: the chance that a quote update is followed by a trade inside its spread.</summary>
    public double TradeProbability { get; set; } = 0.1;

    /// <summary>Replay a recording on this feed instead of the price model (<c>Replay:File</c>, <c>Speed</c>, <c>Loop</c>, <c>Start</c>); null for a live feed.</summary>
    public QuoteHubReplayOptions? Replay { get; set; }
}
