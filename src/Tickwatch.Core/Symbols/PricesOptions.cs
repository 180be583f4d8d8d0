namespace Tickwatch.Core.Symbols;

/// <summary>Price limits (section <c>Prices</c>): how old a price may be, and per-symbol overrides.</summary>
public sealed class PricesOptions
{
    public const string SectionName = "Prices";

    /// <summary>A price older than this is stale unless the symbol sets its own limit.</summary>
    public TimeSpan DefaultMaxQuoteAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The broker's symbols. Empty means the standard instrument list. A symbol not listed is
    /// refused as unknown, unless <see cref="AcceptUnlistedSymbols"/> is set.
    /// </summary>
    public List<string> Symbols { get; set; } = [];

    /// <summary>Learn well-formed symbols the feeds send that are not listed (development only).</summary>
    public bool AcceptUnlistedSymbols { get; set; }

    /// <summary>
    /// Trading hours per instrument class (<c>Forex</c>, <c>Metal</c>, <c>Index</c>, <c>Energy</c>, <c>Crypto</c>), e.g.
    /// <c>Prices:TradingHours:Forex = "Sun 22:00-Fri 22:00"</c>. A class not named trades around the clock, as the
    /// simulated feeds of <c>tickwatch up</c> do; a broker names the hours its liquidity has.
    /// </summary>
    public Dictionary<string, string> TradingHours { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-symbol overrides, keyed by symbol.</summary>
    public Dictionary<string, SymbolLimitsOptions> Overrides { get; set; } = new(StringComparer.Ordinal);
}
