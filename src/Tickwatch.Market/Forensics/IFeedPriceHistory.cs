using Tickwatch.Trading.Forensics;

namespace Tickwatch.Market.Forensics;

/// <summary>Each feed's price of a symbol at a past instant, from the market service's own recent history.</summary>
public interface IFeedPriceHistory
{
    /// <summary>Each feed's last price of <paramref name="symbol"/> at or before <paramref name="at"/>; empty when the history no longer reaches back that far.</summary>
    IReadOnlyList<FeedPrice> FeedPricesAt(string symbol, DateTimeOffset at);
}
