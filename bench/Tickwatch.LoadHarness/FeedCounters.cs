namespace Tickwatch.LoadHarness;

/// <summary>Running totals of one feed, on the producing or the consuming side.</summary>
/// <param name="Frames">Frames written (producer) or received (consumer).</param>
/// <param name="Updates">Prices in them; -1 where the side does not know.</param>
internal readonly record struct FeedCounters(long Frames, long Updates);
