namespace Tickwatch.SoakHarness;

/// <summary>The orders of a run: placed, placed inside a stall's stale window, and outcomes by kind (<c>filled</c>, <c>refused:REASON</c>, <c>http:STATUS</c>), the first server errors.</summary>
internal sealed record OrderFigures(long Placed, long InStaleWindow, IReadOnlyDictionary<string, long> Outcomes, IReadOnlyList<string> ServerErrors);
