namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>
/// Totals of what the price book did with the updates it was given. <c>IncompleteStaleSide</c>, part of
/// <c>Incomplete</c>, counts partial updates that waited for a full quote because the feed's other side was older
/// than the symbol's MaxQuoteAge or from an earlier session.
/// </summary>
public sealed record BookStatisticsSection(long Accepted, long Incomplete, long Duplicates, long OutOfOrder, long Superseded, long Rejected, long IncompleteStaleSide);
