namespace Tickwatch.Market.Warmup;

/// <summary><c>GET /api/debug/warmup</c>: how many warm-ups ran and failed, and the most recent ones, newest first.</summary>
public sealed record WarmupReport(DateTimeOffset Timestamp, long Runs, long Failures, WarmupRun? Last, IReadOnlyList<WarmupRun> Recent);
