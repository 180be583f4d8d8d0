namespace Tickwatch.GatewayHarness;

/// <summary>What <see cref="StalenessSampler"/> saw over the window: the oldest symbol's newest price at each millisecond, and the thread pool's backlog.</summary>
internal sealed record StalenessFigures(long Samples, double P50Ms, double P99Ms, double P999Ms, double MaxMs, double BacklogP99, long BacklogMax);
