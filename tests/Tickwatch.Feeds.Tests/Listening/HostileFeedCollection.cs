namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>The hostile-feed runs take the machine to themselves: they watch for unobserved task exceptions process-wide and measure memory.</summary>
[CollectionDefinition(nameof(HostileFeedCollection), DisableParallelization = true)]
public sealed class HostileFeedCollection;
