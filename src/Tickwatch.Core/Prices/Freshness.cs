namespace Tickwatch.Core.Prices;

/// <summary>Whether a symbol's price may be acted on.</summary>
public enum Freshness
{
    /// <summary>Live price younger than the symbol's <c>MaxQuoteAge</c>.</summary>
    Fresh,

    /// <summary>Live price older than the symbol's <c>MaxQuoteAge</c>.</summary>
    Stale,

    /// <summary>Never seen live, or only a warmed-up value from the store.</summary>
    Missing,

    /// <summary>Outside the symbol's trading hours: its last price (if any) is shown, never acted on, and not counted as stale or missing.</summary>
    Closed,
}
