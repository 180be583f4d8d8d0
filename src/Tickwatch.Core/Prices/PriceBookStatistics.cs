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

    /// <summary>Trades kept as a symbol's last trade.</summary>
    public long TradesAccepted { get; init; }

    /// <summary>Trades not above the last trade id, so not kept.</summary>
    public long TradesOlder { get; init; }

    /// <summary>Trades refused: an unknown symbol or an impossible price.</summary>
    public long TradesRefused { get; init; }

    /// <summary>Of <see cref="TradesAccepted"/>: trades that lay outside the fresh quote beyond the symbol's tolerance.</summary>
    public long TradesOutsideQuote { get; init; }

    public long RejectedTotal => Rejected.Values.Sum();
}
