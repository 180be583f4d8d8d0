using Tickwatch.Core.Prices;

namespace Tickwatch.Feeds.Listening;

/// <summary>Where a listener delivers the prices of each decoded frame (the price book, in the market service).</summary>
public interface IPriceUpdateSink
{
    /// <summary>Called on the listener's receive loop, once per frame; must not block.</summary>
    void OnUpdates(ReadOnlySpan<PriceUpdate> updates);

    /// <summary>Called on the listener's receive loop with the trades a frame reported (a last traded price, never a quote); must not block.</summary>
    void OnTrades(ReadOnlySpan<TradePrint> trades)
    {
    }

    /// <summary>Called when the listener's connection <paramref name="session"/> (1 for the first, more after a reconnection) is open, before its first frame; must not block.</summary>
    void OnSessionStarted(string feed, long session)
    {
    }
}
