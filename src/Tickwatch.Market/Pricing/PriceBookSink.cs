using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Market.Pricing;

/// <summary>Delivers every decoded price of every feed to the price book.</summary>
public sealed class PriceBookSink(PriceBook book) : IPriceUpdateSink
{
    public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
    {
        foreach (ref readonly var update in updates)
        {
            book.Apply(update);
        }
    }
}
