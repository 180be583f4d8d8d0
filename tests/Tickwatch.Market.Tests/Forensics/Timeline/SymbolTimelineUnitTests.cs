using System.Runtime.CompilerServices;
using Tickwatch.Core.Prices;
using Tickwatch.Market.Forensics.Timeline;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.Forensics;

namespace Tickwatch.Market.Tests.Forensics.Timeline;

/// <summary>The symbol timeline fed by a real price book: the book's verdicts as it gave them, the window, the caps and each feed's price at an instant.</summary>
public sealed class SymbolTimelineUnitTests
{
    [Fact]
    public void An_entry_takes_the_bytes_the_budget_is_stated_in()
    {
        Assert.Equal(SymbolTimeline.BytesPerEntry, Unsafe.SizeOf<TimelineRecord>());
        Assert.Equal(58L * 8_192 * 72, new SymbolTimelineOptions { TimelineSymbols = 58 }.BudgetBytes);
    }

    [Fact]
    public void Every_update_is_kept_with_the_verdict_and_reason_the_book_gave_it()
    {
        var book = new TimelineBook();
        var t0 = book.Now;

        book.Offer("json", 1.08500m, 1.08520m, 1, sourceTime: t0);
        book.Offer("json", 1.08500m, 1.08520m, 1, sourceTime: t0);
        book.Offer("json", 1.08600m, 1.08500m, 2, sourceTime: t0);
        book.Offer("json", 1.50000m, 1.50020m, 3, sourceTime: t0);
        book.Offer("binary", 1.08510m, null, 1, sourceTime: t0);
        book.Offer("binary", 1.08490m, 1.08510m, 2, sourceTime: t0.AddSeconds(-1));
        book.Time.Advance(TimeSpan.FromMilliseconds(5));
        book.Offer("json", 1.08510m, 1.08530m, 4, sourceTime: book.Now);

        Assert.Equal(
            [
                (TimelineOutcome.Accepted, (TimelineReason?)null, (long?)1),
                (TimelineOutcome.Ignored, TimelineReason.Duplicate, null),
                (TimelineOutcome.Refused, TimelineReason.Crossed, null),
                (TimelineOutcome.Refused, TimelineReason.Jump, null),
                (TimelineOutcome.Incomplete, TimelineReason.NoOtherSide, null),
                (TimelineOutcome.Ignored, TimelineReason.Superseded, null),
                (TimelineOutcome.Accepted, null, 2),
            ],
            book.All().Select(e => (e.Outcome, e.Reason, e.BookSequence)));
        var jump = book.All()[3];
        Assert.Equal(new TimelineEntry(t0, TimelineEntryKind.FeedUpdate, "json", 1.50000m, 1.50020m, 3, t0, TimelineOutcome.Refused, TimelineReason.Jump, null), jump);
        var partial = book.All()[4];
        Assert.Equal(("binary", 1.08510m, (decimal?)null), (partial.Feed, partial.Bid!.Value, partial.Ask));
    }

    [Fact]
    public void An_update_of_a_symbol_the_book_does_not_know_is_no_ones_history()
    {
        var book = new TimelineBook();

        book.Offer("json", 1m, 2m, 1, symbol: "NOSUCH");

        Assert.Empty(book.All("NOSUCH"));
        Assert.Equal(0, book.Timeline.Statistics().Symbols);
    }

    [Fact]
    public void Store_writes_and_announcements_are_kept_with_the_book_sequence_they_carry()
    {
        var book = new TimelineBook();
        book.Offer("json", 1.08500m, 1.08520m, 1);
        var quote = book.Book.GetQuote("EURUSD")!;
        var stored = StoredPrice.FromQuote(quote);
        book.Time.Advance(TimeSpan.FromMilliseconds(2));

        book.Timeline.OnWriteAnswered(PriceWriteResult.Written(stored), book.Now);
        book.Timeline.OnAnnounced(stored, AnnouncementOutcome.Published, book.Now);
        book.Timeline.OnWriteAnswered(PriceWriteResult.RefusedOlder(stored, quote.Version), book.Now);
        book.Timeline.OnWriteAnswered(PriceWriteResult.Failed(stored, new InvalidOperationException("down")), book.Now);

        Assert.Equal(
            [
                (TimelineEntryKind.FeedUpdate, TimelineOutcome.Accepted),
                (TimelineEntryKind.StoreWrite, TimelineOutcome.Written),
                (TimelineEntryKind.Announced, TimelineOutcome.Published),
                (TimelineEntryKind.StoreWrite, TimelineOutcome.RefusedOlder),
                (TimelineEntryKind.StoreWrite, TimelineOutcome.Failed),
            ],
            book.All().Select(e => (e.Kind, e.Outcome)));
        Assert.All(book.All(), e => Assert.Equal(("json", 1L, 1.08500m), (e.Feed, e.BookSequence!.Value, e.Bid!.Value)));
    }

    [Fact]
    public void Entries_older_than_the_window_are_gone_and_the_history_is_said_to_start_at_the_window()
    {
        var book = new TimelineBook();
        var first = book.Now;
        book.Offer("json", 1.08500m, 1.08520m, 1);
        book.Time.Advance(TimeSpan.FromMinutes(5));
        book.Offer("json", 1.08510m, 1.08530m, 2);

        Assert.Equal(first, book.Timeline.HistoryStartsAt("EURUSD"));
        Assert.True(book.Timeline.Covers("EURUSD", first));
        book.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal([2L], book.All().Select(e => e.BookSequence!.Value));
        Assert.Equal(book.Now - TimeSpan.FromMinutes(10), book.Timeline.HistoryStartsAt("EURUSD"));
        Assert.False(book.Timeline.Covers("EURUSD", first));
        Assert.True(book.Timeline.Covers("EURUSD", book.Now.AddMinutes(-9)));
        var statistics = book.Timeline.Statistics();
        Assert.Equal((2L, 1L, 0L, 1L), (statistics.EntriesRecorded, statistics.EntriesEvictedByWindow, statistics.EntriesEvictedByCap, statistics.Entries));
    }

    [Fact]
    public void A_symbol_at_its_cap_loses_its_oldest_entries_and_its_history_starts_after_the_last_one_lost()
    {
        var book = new TimelineBook(new SymbolTimelineOptions { TimelinePerSymbol = 64 });
        var times = new List<DateTimeOffset>();
        for (var i = 1; i <= 100; i++)
        {
            times.Add(book.Now);
            book.Offer("json", 1.08500m + (i / 100_000m), 1.08520m + (i / 100_000m), i);
            book.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var entries = book.All();
        Assert.Equal(64, entries.Count);
        Assert.Equal(37, entries[0].SourceSequence);
        Assert.Equal(times[35].AddTicks(1), book.Timeline.HistoryStartsAt("EURUSD"));
        Assert.True(book.Timeline.Covers("EURUSD", times[36]));
        Assert.False(book.Timeline.Covers("EURUSD", times[35]));
        var statistics = book.Timeline.Statistics();
        Assert.Equal((100L, 36L, 64L, 64L * 72), (statistics.EntriesRecorded, statistics.EntriesEvictedByCap, statistics.Entries, statistics.BytesHeld));
    }

    [Fact]
    public void A_ring_grows_by_doubling_only_as_far_as_its_entries_need()
    {
        var book = new TimelineBook(new SymbolTimelineOptions { TimelinePerSymbol = 1_024 });
        for (var i = 1; i <= 100; i++)
        {
            book.Offer("json", 1.08500m, 1.08520m, i);
        }

        Assert.Equal(128L * SymbolTimeline.BytesPerEntry, book.Timeline.Statistics().BytesHeld);
        Assert.Equal(100, book.All().Count);
    }

    [Fact]
    public void Symbols_beyond_the_symbol_cap_are_counted_and_not_kept()
    {
        var book = new TimelineBook(new SymbolTimelineOptions { TimelineSymbols = 1 });

        book.Offer("json", 1.08500m, 1.08520m, 1);
        book.Offer("json", 1.26700m, 1.26720m, 1, symbol: "GBPUSD");
        book.Offer("json", 1.26700m, 1.26720m, 2, symbol: "GBPUSD");

        Assert.Single(book.All());
        Assert.Empty(book.All("GBPUSD"));
        var statistics = book.Timeline.Statistics();
        Assert.Equal((1, 2L), (statistics.Symbols, statistics.EntriesNotRecorded));
        Assert.Equal(book.Now, book.Timeline.HistoryStartsAt("GBPUSD"));
    }

    [Fact]
    public void Each_feeds_price_at_an_instant_is_its_last_valid_update_then_with_a_one_sided_update_completed_by_its_previous_side()
    {
        var book = new TimelineBook();
        var t0 = book.Now;
        book.Offer("json", 1.08500m, 1.08520m, 1, sourceTime: t0);
        book.Offer("binary", 1.08490m, 1.08510m, 1, sourceTime: t0.AddSeconds(-1));
        book.Time.Advance(TimeSpan.FromSeconds(1));
        var t1 = book.Now;
        book.Offer("json", 1.60000m, 1.60020m, 2, sourceTime: t1);
        book.Offer("binary", null, 1.08540m, 2, sourceTime: t1);
        book.Time.Advance(TimeSpan.FromSeconds(1));
        book.Offer("json", 1.08600m, 1.08620m, 3, sourceTime: book.Now);

        // At t1 json's spike was refused: its price is still the one before; binary's ask is new, its bid the one before.
        Assert.Equal(
            [new FeedPrice("binary", 1.08490m, 1.08540m, t1), new FeedPrice("json", 1.08500m, 1.08520m, t0)],
            book.Timeline.FeedPricesAt("EURUSD", t1));
        Assert.Equal(
            [new FeedPrice("binary", 1.08490m, 1.08510m, t0), new FeedPrice("json", 1.08500m, 1.08520m, t0)],
            book.Timeline.FeedPricesAt("EURUSD", t0));
        Assert.Equal(1.08610m, book.Timeline.FeedPricesAt("EURUSD", book.Now).Single(p => p.Feed == "json").Mid);
        Assert.Empty(book.Timeline.FeedPricesAt("EURUSD", t0.AddTicks(-1)));
        Assert.Empty(book.Timeline.FeedPricesAt("GBPUSD", book.Now));
    }

    [Fact]
    public void Entries_of_a_span_come_oldest_first_even_when_recorded_slightly_out_of_order()
    {
        var book = new TimelineBook();
        var t0 = book.Now;
        book.Offer("json", 1.08500m, 1.08520m, 1);
        var stored = StoredPrice.FromQuote(book.Book.GetQuote("EURUSD")!);
        book.Time.Advance(TimeSpan.FromMilliseconds(3));
        book.Timeline.OnWriteAnswered(PriceWriteResult.Written(stored), book.Now);

        // A feed thread records its update after the writer's answer, with the earlier time it was received at.
        book.Sink.OnUpdates(new[] { new PriceUpdate { Symbol = "EURUSD", Feed = "binary", FeedSession = 1, Bid = 1.08500m, Ask = 1.08520m, SourceSequence = 1, ReceivedAt = t0.AddMilliseconds(1) } });

        Assert.Equal(
            [(t0, "json"), (t0.AddMilliseconds(1), "binary"), (t0.AddMilliseconds(3), "json")],
            book.All().Select(e => (e.At, e.Feed!)));
        Assert.Equal([t0.AddMilliseconds(1)], book.Timeline.Entries("EURUSD", t0.AddMilliseconds(1), t0.AddMilliseconds(2)).Select(e => e.At));
    }
}
