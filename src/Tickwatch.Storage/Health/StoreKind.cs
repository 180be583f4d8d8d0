namespace Tickwatch.Storage.Health;

/// <summary>Which store the service runs on.</summary>
public enum StoreKind
{
    /// <summary>The embedded in-process store: nothing is shared or survives a restart.</summary>
    InMemory,

    /// <summary>A Redis Cluster.</summary>
    RedisCluster,
}
