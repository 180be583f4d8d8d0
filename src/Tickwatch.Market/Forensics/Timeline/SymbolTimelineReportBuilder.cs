using System.Text.Json;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>Shapes one symbol's timeline over a query's span into the endpoint's answer.</summary>
public static class SymbolTimelineReportBuilder
{
    /// <param name="timeline">The timeline asked.</param>
    /// <param name="settings">The symbol's settings: its <c>MaxQuoteAge</c> says which feeds' prices are fresh at the span's end.</param>
    /// <param name="query">The span and limit.</param>
    /// <param name="pip">The symbol's pip size, when known; the divergence is then also given in pips.</param>
    public static SymbolTimelineReport Build(SymbolTimeline timeline, SymbolSettings settings, SymbolTimelineQuery query, decimal? pip = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(query);
        var symbol = settings.Symbol;
        var entries = timeline.Entries(symbol, query.From, query.To);
        var omitted = Math.Max(0, entries.Count - query.Limit);
        var feeds = timeline.FeedPricesAt(symbol, query.To).ToDictionary(
            p => p.Feed,
            p => new FeedPriceView(p.Bid, p.Ask, p.ReceivedAt, Math.Round((query.To - p.ReceivedAt).TotalSeconds, 3), PriceFreshness.IsWithinMaxAge(p.ReceivedAt, settings, query.To)),
            StringComparer.Ordinal);
        var divergence = Divergence(feeds.Values);
        var historyStartsAt = timeline.HistoryStartsAt(symbol);
        return new SymbolTimelineReport(
            symbol,
            query.From,
            query.To,
            historyStartsAt,
            query.From >= historyStartsAt,
            omitted == 0 ? entries : [.. entries.Skip(omitted)],
            omitted,
            feeds,
            divergence,
            divergence is { } d && pip is > 0m ? Math.Round(d / pip.Value, 1) : null,
            Count(entries));
    }

    // Fresh feeds only, as the book compares them: a feed silent for minutes is stale, not divergent.
    private static decimal? Divergence(IEnumerable<FeedPriceView> feeds)
    {
        var mids = feeds.Where(f => f.Fresh).Select(f => (f.Bid + f.Ask) / 2m).ToList();
        return mids.Count < 2 ? null : mids.Max() - mids.Min();
    }

    private static TimelineCounts Count(IReadOnlyList<TimelineEntry> entries)
    {
        long updates = 0, accepted = 0, written = 0, refusedOlder = 0, writeFailed = 0, announced = 0, announceFailed = 0, announceUncertain = 0;
        var incomplete = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var ignored = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var refused = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            switch (entry.Kind, entry.Outcome)
            {
                case (TimelineEntryKind.FeedUpdate, TimelineOutcome.Accepted):
                    accepted++;
                    break;
                case (TimelineEntryKind.FeedUpdate, TimelineOutcome.Incomplete):
                    Add(incomplete, entry.Reason);
                    break;
                case (TimelineEntryKind.FeedUpdate, TimelineOutcome.Ignored):
                    Add(ignored, entry.Reason);
                    break;
                case (TimelineEntryKind.FeedUpdate, _):
                    Add(refused, entry.Reason);
                    break;
                case (TimelineEntryKind.StoreWrite, TimelineOutcome.Written):
                    written++;
                    break;
                case (TimelineEntryKind.StoreWrite, TimelineOutcome.RefusedOlder):
                    refusedOlder++;
                    break;
                case (TimelineEntryKind.StoreWrite, _):
                    writeFailed++;
                    break;
                case (_, TimelineOutcome.Published):
                    announced++;
                    break;
                case (_, TimelineOutcome.Failed):
                    announceFailed++;
                    break;
                default:
                    announceUncertain++;
                    break;
            }

            updates += entry.Kind == TimelineEntryKind.FeedUpdate ? 1 : 0;
        }

        return new TimelineCounts(updates, accepted, incomplete, ignored, refused, written, refusedOlder, writeFailed, announced, announceFailed, announceUncertain);
    }

    private static void Add(SortedDictionary<string, long> counts, TimelineReason? reason)
    {
        var name = JsonNamingPolicy.SnakeCaseLower.ConvertName((reason ?? TimelineReason.None).ToString());
        counts[name] = counts.GetValueOrDefault(name) + 1;
    }
}
