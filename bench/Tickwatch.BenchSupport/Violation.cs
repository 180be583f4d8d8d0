namespace Tickwatch.BenchSupport;

/// <summary>One broken invariant: when (seconds into the run), which invariant, where (process, store, client) and what was seen.</summary>
public sealed record Violation(double AtSeconds, string Invariant, string Where, string What);
