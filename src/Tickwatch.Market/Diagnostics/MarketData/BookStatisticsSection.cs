namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>
/// Totals of what the price book did with the updates it was given. <c>IncompleteStaleSide</c>, part of
/// <c>Incomplete</c>, counts partial updates that waited for a full quote because the feed's other side was older
/// than the symbol's MaxQuoteAge or from an earlier session.
/// </summary>
public sealed record BookStatisticsSection(long Accepted, long Incomplete, long Duplicates, long OutOfOrder, long Superseded, long Rejected, long IncompleteStaleSide)
{
    /// <summary>Venue trades kept as a symbol's last trade (never quotes).</summary>
    public long TradesAccepted { get; init; }

    /// <summary>Trades not above the symbol's last trade id, so not kept.</summary>
    public long TradesOlder { get; init; }

    /// <summary>Trades refused: an unknown symbol or an impossible price.</summary>
    public long TradesRefused { get; init; }
}
