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
    public long RejectedTotal => Rejected.Values.Sum();
}
