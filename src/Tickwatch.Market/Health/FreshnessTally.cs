using Tickwatch.Core.Prices;

namespace Tickwatch.Market.Health;

/// <summary>How many of the broker's symbols have a fresh price right now, with the ones that do not.</summary>
/// <param name="Total">Every known symbol.</param>
/// <param name="Fresh">Symbols whose live price is younger than their limit.</param>
/// <param name="Stale">Symbols whose live price is too old.</param>
/// <param name="Missing">Symbols never seen live (warmed-up values included).</param>
public sealed record FreshnessTally(int Total, int Fresh, IReadOnlyList<string> Stale, IReadOnlyList<string> Missing)
{
    /// <summary>Fresh symbols as a share of all, 0–1; 0 when there are no symbols.</summary>
    public double Fraction => Total == 0 ? 0 : (double)Fresh / Total;

    /// <summary>Fresh symbols in percent, rounded to one decimal as the log line shows it.</summary>
    public double Percent => Math.Round(Fraction * 100, 1);

    public static FreshnessTally Of(PriceBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var snapshots = book.Snapshot();
        var stale = snapshots.Where(s => s.Freshness == Freshness.Stale).Select(s => s.Symbol).ToList();
        var missing = snapshots.Where(s => s.Freshness == Freshness.Missing).Select(s => s.Symbol).ToList();
        return new FreshnessTally(snapshots.Count, snapshots.Count - stale.Count - missing.Count, stale, missing);
    }
}
