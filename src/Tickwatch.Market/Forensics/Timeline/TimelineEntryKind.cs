namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>What a timeline entry records (wire names <c>feed_update</c>, <c>store_write</c>, <c>announced</c>).</summary>
public enum TimelineEntryKind : byte
{
    /// <summary>A feed's update offered to the price book, with what the book did with it.</summary>
    FeedUpdate,

    /// <summary>The store's answer to writing one of the book's quotes.</summary>
    StoreWrite,

    /// <summary>A written price announced to subscribers (or not).</summary>
    Announced,
}
