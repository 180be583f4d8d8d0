using Tickwatch.Trading.Accounts;

namespace Tickwatch.Trading.Portfolio;

/// <summary>Told of each portfolio the calculator wrote (AutoCutoff watches margin levels this way, never by polling accounts).</summary>
public interface IPortfolioObserver
{
    /// <summary>
    /// Called on the calculator's consumer after <paramref name="portfolio"/> was written: must not block or do I/O.
    /// <paramref name="quoteReceivedAt"/> is when the oldest quote that made it due arrived, when a quote did.
    /// </summary>
    void OnPortfolio(AccountPortfolio portfolio, TradingAccount account, DateTimeOffset? quoteReceivedAt);
}
