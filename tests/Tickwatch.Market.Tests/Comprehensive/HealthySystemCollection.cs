namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>The test classes that read a healthy running system share one.</summary>
[CollectionDefinition(HealthySystem.Collection)]
public sealed class HealthySystemCollection : ICollectionFixture<HealthySystem>;
