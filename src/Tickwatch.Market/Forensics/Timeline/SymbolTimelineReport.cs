namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>The answer of <c>GET /api/debug/forensics/symbols/{symbol}</c>: what happened to a symbol's prices between two instants.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="From">Start of the span asked for.</param>
/// <param name="To">End of the span asked for.</param>
/// <param name="HistoryStartsAt">From when the history is complete; later than <paramref name="From"/> when the window or the cap no longer reach back that far.</param>
/// <param name="CoversFrom">Whether the history is complete from <paramref name="From"/> on.</param>
/// <param name="Entries">The entries of the span, oldest first (the newest <c>limit</c> of them).</param>
/// <param name="EntriesOmitted">Older entries of the span left out by the limit; the counts include them.</param>
/// <param name="Feeds">Each feed's last price at <paramref name="To"/>, by feed name.</param>
/// <param name="FeedDivergence">The largest difference between the mids of the feeds fresh at <paramref name="To"/>, in price units; null with fewer than two.</param>
/// <param name="FeedDivergencePips">The same in pips, when the symbol's settings carry a pip size; null otherwise.</param>
/// <param name="Counts">What the span's entries add up to.</param>
public sealed record SymbolTimelineReport(
    string Symbol,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset HistoryStartsAt,
    bool CoversFrom,
    IReadOnlyList<TimelineEntry> Entries,
    int EntriesOmitted,
    IReadOnlyDictionary<string, FeedPriceView> Feeds,
    decimal? FeedDivergence,
    decimal? FeedDivergencePips,
    TimelineCounts Counts);
