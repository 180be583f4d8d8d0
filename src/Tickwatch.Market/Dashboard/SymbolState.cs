namespace Tickwatch.Market.Dashboard;

/// <summary>A cell of the dashboard's freshness grid: the book's freshness, with a warmed-up price told apart from none.</summary>
/// <remarks>There is no trading-hours model yet, so no symbol is shown as closed: outside its hours a symbol shows stale.</remarks>
public enum SymbolState
{
    /// <summary>A live price within the symbol's <c>MaxQuoteAge</c>.</summary>
    Fresh,

    /// <summary>A live price older than the symbol's <c>MaxQuoteAge</c>.</summary>
    Stale,

    /// <summary>No price at all.</summary>
    Missing,

    /// <summary>Only a price loaded from the store: shown, never acted on (missing, in the book's terms).</summary>
    Warmup,

    /// <summary>Outside the symbol's trading hours: its last price is shown, never acted on.</summary>
    Closed,
}
