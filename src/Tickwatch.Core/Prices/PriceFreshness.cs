using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Prices;

/// <summary>The one rule for whether a quote may be acted on.</summary>
public static class PriceFreshness
{
    public static Freshness Of(Quote? quote, SymbolSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (quote is null || quote.IsWarmup)
        {
            return Freshness.Missing;
        }

        return now - quote.ReceivedAt <= settings.MaxQuoteAge ? Freshness.Fresh : Freshness.Stale;
    }
}
