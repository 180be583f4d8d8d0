namespace Tickwatch.Simulators.QuoteHub;

/// <summary>When a feed's replay begins sending (<c>QuoteHub:Feeds:N:Replay:Start</c>).</summary>
public enum ReplayStart
{
    /// <summary>When the first client has connected (on a Binance feed: and subscribed to a stream), so it never misses the head.</summary>
    FirstClient,

    /// <summary>As soon as the hub has started, whoever is connected.</summary>
    Immediately,

    /// <summary>Only on <c>POST /control/replay</c> with <c>"action":"start"</c>.</summary>
    Manual,
}
