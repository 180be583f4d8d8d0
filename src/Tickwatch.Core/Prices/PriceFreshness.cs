using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Prices;

/// <summary>The one rule for whether a quote may be acted on.</summary>
public static class PriceFreshness
{
    public static Freshness Of(Quote? quote, SymbolSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // A shut market expects no price: one that never came is not missing then.
        if (!settings.TradingHours.IsOpen(now))
        {
            return Freshness.Closed;
        }

        if (quote is null || quote.IsWarmup)
        {
            return Freshness.Missing;
        }

        return now - quote.ReceivedAt <= settings.MaxQuoteAge ? Freshness.Fresh : Freshness.Stale;
    }
}
