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
}
