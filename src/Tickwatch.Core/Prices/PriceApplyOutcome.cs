namespace Tickwatch.Core.Prices;

/// <summary>What the book did with one update.</summary>
public enum PriceApplyOutcome
{
    /// <summary>The update produced a new quote.</summary>
    Accepted,

    /// <summary>Only one side is known so far; kept until the other side arrives.</summary>
    Incomplete,

    /// <summary>Same source sequence as the last one from this feed session.</summary>
    Duplicate,

    /// <summary>Older than what this feed already delivered.</summary>
    OutOfOrder,

    /// <summary>
    /// Valid, but not newer (by <see cref="PriceVersion"/>) than the book's current quote, which came from another feed,
    /// a warm-up, or this feed before its clock stepped back. The store would refuse it too, so the book keeps what it shows.
    /// </summary>
    Superseded,

    /// <summary>Invalid price; see <see cref="QuoteRejection"/>.</summary>
    Rejected,
}
