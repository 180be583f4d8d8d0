namespace Tickwatch.Core.Prices;

/// <summary>Totals of what the book did with the updates it was given.</summary>
public sealed record PriceBookStatistics(
    long Accepted,
    long Incomplete,
    long Duplicates,
    long OutOfOrder,
    long Superseded,
    IReadOnlyDictionary<QuoteRejection, long> Rejected)
{
    /// <summary>Of <see cref="Incomplete"/>: partial updates not completed because the feed's other side was older than <c>MaxQuoteAge</c> or from an earlier session.</summary>
    public long IncompleteStaleSide { get; init; }

    public long RejectedTotal => Rejected.Values.Sum();
}
