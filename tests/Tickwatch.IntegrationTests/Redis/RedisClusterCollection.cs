namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The tests that share the dedicated test cluster.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "Redis Cluster";
}
