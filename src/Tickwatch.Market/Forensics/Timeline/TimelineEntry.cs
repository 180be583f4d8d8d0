namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>One thing that happened to a symbol's price: a feed's update and the book's verdict, a store write's outcome, or an announcement.</summary>
/// <param name="At">For a feed update its local receipt time; for a write or an announcement when the writer learnt its outcome.</param>
/// <param name="Kind">What the entry records.</param>
/// <param name="Feed">The feed that sent the update (for a write or an announcement, the feed of the quote written).</param>
/// <param name="Bid">The bid; null on a one-sided update that carried no bid.</param>
/// <param name="Ask">The ask; null on a one-sided update that carried no ask.</param>
/// <param name="SourceSequence">The source's sequence, where its protocol carries one.</param>
/// <param name="SourceTime">The source's time stamp, where its protocol carries one.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="Reason">Why the book did not accept a feed update; null otherwise.</param>
/// <param name="BookSequence">The book's sequence of the quote accepted, written or announced.</param>
public readonly record struct TimelineEntry(
    DateTimeOffset At,
    TimelineEntryKind Kind,
    string? Feed,
    decimal? Bid,
    decimal? Ask,
    long? SourceSequence,
    DateTimeOffset? SourceTime,
    TimelineOutcome Outcome,
    TimelineReason? Reason,
    long? BookSequence);
