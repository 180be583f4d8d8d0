using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Forensics.Timeline;
using Tickwatch.Market.Warmup;

namespace Tickwatch.Market.Pricing;

/// <summary>Delivers every decoded price (and venue trade) of every feed to the price book, tells the symbol timeline what the book did with it, and tells the warm-up when a feed has reconnected.</summary>
public sealed class PriceBookSink(PriceBook book, MarketDataWarmupService? warmup = null, SymbolTimeline? timeline = null) : IPriceUpdateSink
{
    public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
    {
        foreach (ref readonly var update in updates)
        {
            var result = book.Apply(update);
            timeline?.RecordFeedUpdate(update, result);
        }
    }

    public void OnTrades(ReadOnlySpan<TradePrint> trades)
    {
        foreach (ref readonly var trade in trades)
        {
            book.ApplyTrade(trade);
        }
    }

    public void OnSessionStarted(string feed, long session)
    {
        // The first session is covered by the warm-up at start.
        if (session > 1)
        {
            warmup?.FeedReconnected(feed, session);
        }
    }
}
