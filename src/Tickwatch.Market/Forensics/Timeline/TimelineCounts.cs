namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>What a span of a symbol's timeline adds up to: the book's verdicts by reason, the store's answers and the announcements.</summary>
/// <param name="FeedUpdates">Updates the feeds offered.</param>
/// <param name="Accepted">Updates the book made a quote of.</param>
/// <param name="Incomplete">One-sided updates that made no quote, by reason.</param>
/// <param name="Ignored">Valid updates not used, by reason (<c>duplicate</c>, <c>out_of_order</c>, <c>superseded</c>).</param>
/// <param name="Refused">Updates refused as invalid, by reason (<c>jump</c>, <c>crossed</c>, …).</param>
/// <param name="Written">Quotes the store wrote.</param>
/// <param name="RefusedOlder">Quotes the store refused as older than what it held.</param>
/// <param name="WriteFailed">Writes that failed (a failed quote is retried: a later entry says how that went).</param>
/// <param name="Announced">Written prices announced.</param>
/// <param name="AnnounceFailed">Written prices whose announcement failed.</param>
/// <param name="AnnounceUncertain">Written prices whose batch's announcements partly failed.</param>
public sealed record TimelineCounts(
    long FeedUpdates,
    long Accepted,
    IReadOnlyDictionary<string, long> Incomplete,
    IReadOnlyDictionary<string, long> Ignored,
    IReadOnlyDictionary<string, long> Refused,
    long Written,
    long RefusedOlder,
    long WriteFailed,
    long Announced,
    long AnnounceFailed,
    long AnnounceUncertain);
