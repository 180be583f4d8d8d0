namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>Totals of what the price book did with the updates it was given.</summary>
public sealed record BookStatisticsSection(long Accepted, long Incomplete, long Duplicates, long OutOfOrder, long Superseded, long Rejected);
