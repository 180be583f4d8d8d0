using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Trading;

/// <summary>
/// The one rule for whether money may move on a quote: the book's freshness (<see cref="PriceFreshness"/>) and, on top,
/// the stricter execution age. A warmed-up, missing or stale quote refuses with <see cref="RefusalReason.StalePrice"/>
/// and its age, a shut market with <see cref="RefusalReason.MarketClosed"/> (reference defect 1: nothing there looked at age).
/// </summary>
public static class PriceGuard
{
    public static GuardedQuote Check(Quote? quote, SymbolSettings settings, TimeSpan maxExecutionAge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var maxAge = maxExecutionAge < settings.MaxQuoteAge ? maxExecutionAge : settings.MaxQuoteAge;
        TimeSpan? age = quote is null ? null : quote.AgeAt(now);
        var refusal = PriceFreshness.Of(quote, settings, now) switch
        {
            Freshness.Closed => RefusalReason.MarketClosed,
            Freshness.Fresh when age <= maxAge => (RefusalReason?)null,
            _ => RefusalReason.StalePrice,
        };
        return new GuardedQuote { Quote = quote, Refusal = refusal, Age = age, MaxAge = maxAge };
    }

    /// <summary>True for the refusals this guard gives (<see cref="RefusalReason.StalePrice"/>, <see cref="RefusalReason.MarketClosed"/>): the price, not the request, said no.</summary>
    public static bool Gives(RefusalReason reason) => reason is RefusalReason.StalePrice or RefusalReason.MarketClosed;
}
