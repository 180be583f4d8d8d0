using System.Runtime.InteropServices;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>One timeline entry as the ring keeps it: 72 bytes, no references (the GC never scans a ring), the feed as an index into the timeline's feed names.</summary>
/// <remarks>Largest fields first, so that nothing pads between them: 8 + 16 + 16 + 3 × 8 + 2 + 4 × 1 = 70, rounded to 72.</remarks>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct TimelineRecord
{
    public readonly long AtTicks;
    public readonly decimal Bid;
    public readonly decimal Ask;
    public readonly long SourceSequence;
    public readonly long SourceTimeTicks;
    public readonly long BookSequence;
    public readonly short Feed;
    public readonly TimelineEntryKind Kind;
    public readonly TimelineOutcome Outcome;
    public readonly TimelineReason Reason;
    public readonly TimelineFields Fields;

    private TimelineRecord(
        long atTicks, TimelineEntryKind kind, short feed, decimal? bid, decimal? ask, long? sourceSequence, DateTimeOffset? sourceTime,
        TimelineOutcome outcome, TimelineReason reason, long? bookSequence)
    {
        AtTicks = atTicks;
        Kind = kind;
        Feed = feed;
        Bid = bid ?? 0m;
        Ask = ask ?? 0m;
        SourceSequence = sourceSequence ?? 0;
        SourceTimeTicks = sourceTime?.UtcTicks ?? 0;
        BookSequence = bookSequence ?? 0;
        Outcome = outcome;
        Reason = reason;
        Fields = (bid.HasValue ? TimelineFields.Bid : 0)
            | (ask.HasValue ? TimelineFields.Ask : 0)
            | (sourceSequence.HasValue ? TimelineFields.SourceSequence : 0)
            | (sourceTime.HasValue ? TimelineFields.SourceTime : 0)
            | (bookSequence.HasValue ? TimelineFields.BookSequence : 0);
    }

    /// <summary>An update as the feed offered it (either side may be absent), at its receipt time, with the book's verdict on it.</summary>
    public static TimelineRecord FeedUpdate(in PriceUpdate update, in PriceApplyResult result, short feed)
    {
        var (outcome, reason) = result.Outcome switch
        {
            PriceApplyOutcome.Accepted => (TimelineOutcome.Accepted, TimelineReason.None),
            PriceApplyOutcome.Incomplete => (TimelineOutcome.Incomplete, result.Incompletion == IncompleteReason.StaleOtherSide ? TimelineReason.StaleOtherSide : TimelineReason.NoOtherSide),
            PriceApplyOutcome.Duplicate => (TimelineOutcome.Ignored, TimelineReason.Duplicate),
            PriceApplyOutcome.OutOfOrder => (TimelineOutcome.Ignored, TimelineReason.OutOfOrder),
            PriceApplyOutcome.Superseded => (TimelineOutcome.Ignored, TimelineReason.Superseded),
            _ => (TimelineOutcome.Refused, ReasonOf(result.Rejection)),
        };
        return new(
            update.ReceivedAt.UtcTicks, TimelineEntryKind.FeedUpdate, feed, update.Bid, update.Ask, update.SourceSequence, update.SourceTime,
            outcome, reason, result.Quote?.BookSequence);
    }

    /// <summary>The store's answer to writing a quote, at the time it answered.</summary>
    public static TimelineRecord StoreWrite(in PriceWriteResult result, DateTimeOffset at, short feed)
    {
        var outcome = result.Outcome switch
        {
            PriceWriteOutcome.Written => TimelineOutcome.Written,
            PriceWriteOutcome.RefusedOlder => TimelineOutcome.RefusedOlder,
            _ => TimelineOutcome.Failed,
        };
        var price = result.Price;
        return new(at.UtcTicks, TimelineEntryKind.StoreWrite, feed, price.Bid, price.Ask, price.SourceSequence, price.SourceTime, outcome, TimelineReason.None, price.BookSequence);
    }

    /// <summary>A written price's announcement, at the time the writer knew its outcome.</summary>
    public static TimelineRecord Announced(StoredPrice price, AnnouncementOutcome announcement, DateTimeOffset at, short feed)
    {
        var outcome = announcement switch
        {
            AnnouncementOutcome.Published => TimelineOutcome.Published,
            AnnouncementOutcome.Failed => TimelineOutcome.Failed,
            _ => TimelineOutcome.Uncertain,
        };
        return new(at.UtcTicks, TimelineEntryKind.Announced, feed, price.Bid, price.Ask, price.SourceSequence, price.SourceTime, outcome, TimelineReason.None, price.BookSequence);
    }

    public bool Has(TimelineFields field) => (Fields & field) != 0;

    /// <summary>Whether the book took this update as its feed's price (it keeps it for comparison): accepted, superseded, or one side of an incomplete update.</summary>
    public bool IsFeedPrice => Kind == TimelineEntryKind.FeedUpdate
        && (Outcome is TimelineOutcome.Accepted or TimelineOutcome.Incomplete || Reason == TimelineReason.Superseded);

    public TimelineEntry ToEntry(string? feed) => new(
        new DateTimeOffset(AtTicks, TimeSpan.Zero),
        Kind,
        feed,
        Has(TimelineFields.Bid) ? Bid : null,
        Has(TimelineFields.Ask) ? Ask : null,
        Has(TimelineFields.SourceSequence) ? SourceSequence : null,
        Has(TimelineFields.SourceTime) ? new DateTimeOffset(SourceTimeTicks, TimeSpan.Zero) : null,
        Outcome,
        Reason == TimelineReason.None ? null : Reason,
        Has(TimelineFields.BookSequence) ? BookSequence : null);

    private static TimelineReason ReasonOf(QuoteRejection rejection) => rejection switch
    {
        QuoteRejection.NonPositive => TimelineReason.NonPositive,
        QuoteRejection.Crossed => TimelineReason.Crossed,
        QuoteRejection.Jump => TimelineReason.Jump,
        QuoteRejection.UnknownSymbol => TimelineReason.UnknownSymbol,
        QuoteRejection.OutOfRange => TimelineReason.OutOfRange,
        _ => TimelineReason.None,
    };
}
