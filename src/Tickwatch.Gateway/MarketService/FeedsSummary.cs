namespace Tickwatch.Gateway.MarketService;

/// <summary>The market service's feed listeners (<c>"is_running": false</c> → a WebSocket listener is down).</summary>
/// <param name="IsRunning">Every feed is connected and delivering.</param>
/// <param name="Running">Feeds connected and delivering.</param>
/// <param name="Total">Configured feeds.</param>
/// <param name="NotRunning">Names of the feeds that are not.</param>
/// <param name="Detail">The market service's description.</param>
public sealed record FeedsSummary(bool? IsRunning, int? Running, int? Total, IReadOnlyList<string> NotRunning, string? Detail);
