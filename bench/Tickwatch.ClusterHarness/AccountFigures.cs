namespace Tickwatch.ClusterHarness;

/// <summary>An account as a market service values it now: equity, used margin, open P&amp;L, margin level (none without margin used) and open positions.</summary>
internal sealed record AccountFigures(decimal Equity, decimal UsedMargin, decimal OpenPnl, decimal? MarginLevel, int OpenPositions);
