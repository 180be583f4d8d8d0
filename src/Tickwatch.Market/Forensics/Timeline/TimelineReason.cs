namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>Why the book did not accept an update, in the book's own terms (<c>QuoteRejection</c>, <c>IncompleteReason</c>, <c>PriceApplyOutcome</c>).</summary>
public enum TimelineReason : byte
{
    None,

    /// <summary>Incomplete: the feed has not sent the other side in this session yet.</summary>
    NoOtherSide,

    /// <summary>Incomplete: the feed's other side is too old or from an earlier session.</summary>
    StaleOtherSide,

    /// <summary>Ignored: same source sequence as the feed's last.</summary>
    Duplicate,

    /// <summary>Ignored: older than what the feed already delivered.</summary>
    OutOfOrder,

    /// <summary>Ignored: not newer than the book's current quote (kept as the feed's own price).</summary>
    Superseded,

    /// <summary>Refused: bid or ask zero or negative.</summary>
    NonPositive,

    /// <summary>Refused: bid above ask.</summary>
    Crossed,

    /// <summary>Refused: the mid moved further than the symbol's <c>MaxJump</c> and did not repeat.</summary>
    Jump,

    /// <summary>Refused: the symbol is not in the catalogue.</summary>
    UnknownSymbol,

    /// <summary>Refused: a price near the limit of <see cref="decimal"/>.</summary>
    OutOfRange,
}
