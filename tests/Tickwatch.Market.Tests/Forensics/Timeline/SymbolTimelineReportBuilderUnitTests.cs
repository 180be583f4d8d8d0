using Tickwatch.Market.Forensics.Timeline;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Market.Tests.Forensics.Timeline;

/// <summary>The endpoint's answer from a timeline: each feed's price and their divergence at the span's end, the limit, and the counts.</summary>
public sealed class SymbolTimelineReportBuilderUnitTests
{
    [Fact]
    public void Feeds_fresh_at_the_end_of_the_span_are_compared_and_the_divergence_is_given_in_pips_when_the_pip_is_known()
    {
        var book = new TimelineBook();
        var from = book.Now;
        book.Offer("json", 1.08500m, 1.08520m, 1);
        book.Offer("binary", 1.09580m, 1.09600m, 1);

        var report = SymbolTimelineReportBuilder.Build(book.Timeline, Settings(book), new SymbolTimelineQuery(from, book.Now, 100), pip: 0.0001m);

        Assert.Equal(0.0108m, report.FeedDivergence);
        Assert.Equal(108.0m, report.FeedDivergencePips);
        Assert.Equal(new FeedPriceView(1.08500m, 1.08520m, from, 0, true), report.Feeds["json"]);
        Assert.Equal(["binary", "json"], report.Feeds.Keys.Order(StringComparer.Ordinal));
        Assert.True(report.CoversFrom);
        Assert.Equal(from, report.HistoryStartsAt);
    }

    [Fact]
    public void A_feed_silent_past_the_symbols_max_quote_age_is_shown_stale_and_not_compared()
    {
        var book = new TimelineBook();
        book.Offer("binary", 1.09580m, 1.09600m, 1);
        book.Time.Advance(TimeSpan.FromSeconds(11));
        book.Offer("json", 1.08500m, 1.08520m, 1);

        var report = SymbolTimelineReportBuilder.Build(book.Timeline, Settings(book), new SymbolTimelineQuery(book.Now.AddSeconds(-60), book.Now, 100));

        Assert.Equal((false, 11.0), (report.Feeds["binary"].Fresh, report.Feeds["binary"].AgeSeconds));
        Assert.Null(report.FeedDivergence);
        Assert.Null(report.FeedDivergencePips);
        Assert.False(report.CoversFrom);
    }

    [Fact]
    public void The_limit_keeps_the_newest_entries_and_the_counts_cover_the_whole_span()
    {
        var book = new TimelineBook();
        var from = book.Now;
        book.Offer("json", 1.08500m, 1.08520m, 1);
        book.Offer("json", 1.08500m, 1.08520m, 1);
        book.Offer("json", 1.08600m, 1.08500m, 2);
        book.Offer("binary", null, 1.08520m, 1);
        var stored = StoredPrice.FromQuote(book.Book.GetQuote("EURUSD")!);
        book.Timeline.OnWriteAnswered(PriceWriteResult.Written(stored), book.Now);
        book.Timeline.OnAnnounced(stored, AnnouncementOutcome.Published, book.Now);

        var report = SymbolTimelineReportBuilder.Build(book.Timeline, Settings(book), new SymbolTimelineQuery(from, book.Now, 2));

        Assert.Equal([TimelineEntryKind.StoreWrite, TimelineEntryKind.Announced], report.Entries.Select(e => e.Kind));
        Assert.Equal(4, report.EntriesOmitted);
        var counts = report.Counts;
        Assert.Equal((4L, 1L, 1L, 1L), (counts.FeedUpdates, counts.Accepted, counts.Written, counts.Announced));
        Assert.Equal(new Dictionary<string, long> { ["crossed"] = 1 }, counts.Refused);
        Assert.Equal(new Dictionary<string, long> { ["duplicate"] = 1 }, counts.Ignored);
        Assert.Equal(new Dictionary<string, long> { ["no_other_side"] = 1 }, counts.Incomplete);
    }

    private static Core.Symbols.SymbolSettings Settings(TimelineBook book) => book.Symbols.TryGet("EURUSD", out var settings) ? settings : throw new InvalidOperationException();
}
