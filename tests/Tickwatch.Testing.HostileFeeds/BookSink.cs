using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>Hands every decoded price to the price book, as the market service's sink does.</summary>
internal sealed class BookSink(PriceBook book) : IPriceUpdateSink
{
    public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
    {
        foreach (ref readonly var update in updates)
        {
            book.Apply(update);
        }
    }
}
