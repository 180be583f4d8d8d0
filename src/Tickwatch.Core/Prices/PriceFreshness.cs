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

        return IsWithinMaxAge(receivedAt, settings, now) ? Freshness.Fresh : Freshness.Stale;
    }

    /// <summary>The age half of the rule on its own, market open or shut: whether a price received at <paramref name="receivedAt"/> is within the symbol's <c>MaxQuoteAge</c> at <paramref name="now"/>.</summary>
    /// <remarks>For what compares prices rather than acts on them: a feed's own view, the base a jump is measured from.</remarks>
    public static bool IsWithinMaxAge(DateTimeOffset receivedAt, SymbolSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return now - receivedAt <= settings.MaxQuoteAge;
    }
}
