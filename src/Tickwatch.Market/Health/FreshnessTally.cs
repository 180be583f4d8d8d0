using Tickwatch.Core.Prices;

namespace Tickwatch.Market.Health;

/// <summary>How many of the broker's symbols have a fresh price right now, with the ones that do not; symbols outside their trading hours count as neither.</summary>
/// <param name="Total">Every known symbol.</param>
/// <param name="Fresh">Symbols whose live price is younger than their limit.</param>
/// <param name="Stale">Symbols whose live price is too old.</param>
/// <param name="Missing">Symbols never seen live (warmed-up values included).</param>
public sealed record FreshnessTally(int Total, int Fresh, IReadOnlyList<string> Stale, IReadOnlyList<string> Missing)
{
    /// <summary>Symbols outside their trading hours: their prices are old because the market is shut, not because a feed failed.</summary>
    public IReadOnlyList<string> Closed { get; init; } = [];

    /// <summary>Symbols inside their trading hours.</summary>
    public int Open => Total - Closed.Count;

    /// <summary>Fresh symbols as a share of the open ones, 0–1; 0 when there are no symbols, 1 when every one is closed.</summary>
    public double Fraction => Total == 0 ? 0 : Open == 0 ? 1 : (double)Fresh / Open;

    /// <summary>Whether the fresh share reaches <paramref name="minimum"/> with at least one fresh symbol (none needed when all are closed).</summary>
    public bool IsHealthy(double minimum) => (Fresh > 0 || (Total > 0 && Open == 0)) && Fraction >= minimum;

    /// <summary>Fresh symbols in percent, rounded to one decimal as the log line shows it.</summary>
    public double Percent => Math.Round(Fraction * 100, 1);

    public static FreshnessTally Of(PriceBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return Of(book.Snapshot());
    }

    /// <summary>The tally of one snapshot of the book (the market-data report counts the snapshot it shows).</summary>
    public static FreshnessTally Of(IReadOnlyList<SymbolPriceSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var stale = snapshots.Where(s => s.Freshness == Freshness.Stale).Select(s => s.Symbol).ToList();
        var missing = snapshots.Where(s => s.Freshness == Freshness.Missing).Select(s => s.Symbol).ToList();
        return new FreshnessTally(snapshots.Count, snapshots.Count(s => s.Freshness == Freshness.Fresh), stale, missing)
        {
            Closed = [.. snapshots.Where(s => s.Freshness == Freshness.Closed).Select(s => s.Symbol)],
        };
    }
}
