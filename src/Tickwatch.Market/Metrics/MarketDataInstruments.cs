using System.Diagnostics.Metrics;
using Tickwatch.Core.Prices;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>The price book as instruments: freshness of the symbols, quote ages, and what the book did with the updates it was given.</summary>
internal static class MarketDataInstruments
{
    private const string Symbol = "symbol";

    private static readonly (Freshness Freshness, string Name)[] FreshnessNames =
        [.. Enum.GetValues<Freshness>().Select(f => (f, SnakeCase(f)))];

    private static readonly (QuoteRejection Reason, string Name)[] RejectionNames =
        [.. Enum.GetValues<QuoteRejection>().Where(r => r != QuoteRejection.None).Select(r => (r, SnakeCase(r)))];

    public static void Register(Meter meter, PriceBook book)
    {
        meter.CreateObservableGauge(MarketMetricNames.Symbols, () => SymbolsByFreshness(book), "{symbol}", "Symbols by freshness: fresh, stale (too old), missing (never seen live) and closed (outside trading hours).");
        meter.CreateObservableGauge(
            MarketMetricNames.SymbolsDivergent, () => book.Snapshot().Count(s => s.IsDivergent), "{symbol}", "Symbols whose fresh feeds disagree by more than the symbol allows.");
        meter.CreateObservableGauge(MarketMetricNames.QuoteAge, () => QuoteAges(book), "s", "Age of the book's quote of each symbol.");
        meter.CreateObservableGauge(
            MarketMetricNames.QuoteMaxAge,
            () => book.Symbols.All.Select(s => Value(s.MaxQuoteAge.TotalSeconds, Symbol, s.Symbol)),
            "s",
            "Age past which the symbol's quote is stale.");
        meter.CreateObservableCounter(MarketMetricNames.BookUpdates, () => Updates(book.Statistics), "{update}", "Updates given to the price book, by outcome.");
        meter.CreateObservableCounter(
            MarketMetricNames.BookRejections,
            () => RejectionNames.Select(r => Count(book.Statistics.Rejected.GetValueOrDefault(r.Reason), "reason", r.Name)),
            "{update}",
            "Updates the price book refused, by reason.");
        meter.CreateObservableCounter(
            MarketMetricNames.FeedTradeOutsideQuote, () => TradesOutsideQuote(book), "{trade}", "Trades that arrived outside the symbol's fresh quote beyond its tolerance.");
    }

    private static IEnumerable<Measurement<long>> TradesOutsideQuote(PriceBook book) =>
        book.Snapshot().SelectMany(s => s.TradesOutsideQuote.Select(f => Count(f.Value, "feed", f.Key, Symbol, s.Symbol)));

    private static IEnumerable<Measurement<int>> SymbolsByFreshness(PriceBook book)
    {
        var snapshots = book.Snapshot();
        return FreshnessNames.Select(f => new Measurement<int>(
            snapshots.Count(s => s.Freshness == f.Freshness),
            new KeyValuePair<string, object?>("freshness", f.Name)));
    }

    private static IEnumerable<Measurement<double>> QuoteAges(PriceBook book) =>
        book.Snapshot().Where(s => s.Age is not null).Select(s => Value(s.Age!.Value.TotalSeconds, Symbol, s.Symbol));

    private static Measurement<long>[] Updates(PriceBookStatistics statistics) =>
    [
        Count(statistics.Accepted, "outcome", "accepted"),
        Count(statistics.Incomplete, "outcome", "incomplete"),
        Count(statistics.Duplicates, "outcome", "duplicate"),
        Count(statistics.OutOfOrder, "outcome", "out_of_order"),
        Count(statistics.Superseded, "outcome", "superseded"),
        Count(statistics.RejectedTotal, "outcome", "rejected"),
    ];
}
