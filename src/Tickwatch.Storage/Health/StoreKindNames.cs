namespace Tickwatch.Storage.Health;

/// <summary>The snake_case names of <see cref="StoreKind"/> that reports and logs show.</summary>
public static class StoreKindNames
{
    public static string Of(StoreKind kind) => kind switch
    {
        StoreKind.InMemory => "in_memory",
        StoreKind.RedisCluster => "redis_cluster",
        _ => kind.ToString(),
    };
}
