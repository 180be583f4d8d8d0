namespace Tickwatch.Storage.Health;

/// <summary>Asks the store whether it is there; used by start-up validation, the health monitor and readiness.</summary>
public interface IStoreHealth
{
    StoreKind Kind { get; }

    /// <summary>One round trip (PING and, for a cluster, CLUSTER INFO); never throws for an unreachable store.</summary>
    Task<StoreProbe> ProbeAsync(CancellationToken cancellationToken);
}
