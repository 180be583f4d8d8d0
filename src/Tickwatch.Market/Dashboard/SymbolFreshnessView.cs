using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Market.Dashboard;

/// <summary>One cell of the dashboard's freshness grid: the symbol's state, age and price as the book holds them.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Kind">Its instrument class, when known.</param>
/// <param name="State">fresh, stale, missing, warmup or closed.</param>
/// <param name="AgeSeconds">Age of the book's quote; null without one.</param>
/// <param name="MaxQuoteAgeSeconds">The symbol's limit: older is stale.</param>
/// <param name="Bid">The book's bid.</param>
/// <param name="Ask">The book's ask.</param>
/// <param name="Feed">The feed (or <c>warmup</c>) the quote came from.</param>
public sealed record SymbolFreshnessView(
    string Symbol,
    InstrumentKind? Kind,
    SymbolState State,
    double? AgeSeconds,
    double MaxQuoteAgeSeconds,
    decimal? Bid,
    decimal? Ask,
    string? Feed)
{
    /// <summary>Every symbol of one book snapshot, in its order.</summary>
    public static IReadOnlyList<SymbolFreshnessView> Of(IReadOnlyList<SymbolPriceSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        return [.. snapshots.Select(From)];
    }

    private static SymbolFreshnessView From(SymbolPriceSnapshot s) => new(
        s.Symbol,
        s.Settings.Kind,
        s.Freshness switch
        {
            Freshness.Fresh => SymbolState.Fresh,
            Freshness.Stale => SymbolState.Stale,
            Freshness.Closed => SymbolState.Closed,
            _ => s.Quote is { IsWarmup: true } ? SymbolState.Warmup : SymbolState.Missing,
        },
        s.Age is { } age ? Math.Round(age.TotalSeconds, 3) : null,
        s.Settings.MaxQuoteAge.TotalSeconds,
        s.Quote?.Bid,
        s.Quote?.Ask,
        s.Quote?.Feed);
}
