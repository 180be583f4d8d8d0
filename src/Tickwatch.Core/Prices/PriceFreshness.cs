using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Prices;

/// <summary>The one rule for whether a quote may be acted on.</summary>
public static class PriceFreshness
{
    public static Freshness Of(Quote? quote, SymbolSettings settings, DateTimeOffset now) =>
        OfLive(quote is null || quote.IsWarmup ? null : quote.ReceivedAt, settings, now);

    /// <summary>The same rule for a live price known only by its local receipt time (null: none, or only a warmed-up one).</summary>
    public static Freshness OfLive(DateTimeOffset? liveReceivedAt, SymbolSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // A shut market expects no price: one that never came is not missing then.
        if (!settings.TradingHours.IsOpen(now))
        {
            return Freshness.Closed;
        }

        if (liveReceivedAt is not { } receivedAt)
        {
            return Freshness.Missing;
        }

        return now - receivedAt <= settings.MaxQuoteAge ? Freshness.Fresh : Freshness.Stale;
    }
}
