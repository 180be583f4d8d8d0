using Tickwatch.Storage.Prices;

namespace Tickwatch.Market.Warmup;

/// <summary>One warm-up: why it ran, when, and what it loaded.</summary>
public sealed record WarmupRun(string Trigger, DateTimeOffset At, PriceWarmupResult Result);
