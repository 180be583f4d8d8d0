namespace Tickwatch.SoakHarness;

/// <summary>The provider-routed orders of a run: placed, accepted, settled, left unsettled, link drops, outcomes by kind.</summary>
internal sealed record ProviderFigures(long Placed, long Accepted, long Settled, long Unsettled, long LinkDrops, IReadOnlyDictionary<string, long> Outcomes);
