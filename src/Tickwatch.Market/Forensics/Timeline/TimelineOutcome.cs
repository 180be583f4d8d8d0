namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>What became of a timeline entry's price; the first four are the book's, the next three the store's, the last three the announcement's.</summary>
public enum TimelineOutcome : byte
{
    /// <summary>The book made a new quote of it (the entry carries its book sequence).</summary>
    Accepted,

    /// <summary>One side only, kept until the other arrives; the reason says why it made no quote.</summary>
    Incomplete,

    /// <summary>Valid but not used: a duplicate, out of order, or superseded by a newer quote (the reason says which).</summary>
    Ignored,

    /// <summary>Refused as an invalid price; the reason is the book's (<c>jump</c>, <c>crossed</c>, …).</summary>
    Refused,

    /// <summary>The store wrote it.</summary>
    Written,

    /// <summary>The store already held a price of an equal or newer version.</summary>
    RefusedOlder,

    /// <summary>The write or the announcement failed.</summary>
    Failed,

    /// <summary>Announced to subscribers.</summary>
    Published,

    /// <summary>Its batch's announcements partly failed: whether this one went out is not known.</summary>
    Uncertain,
}
