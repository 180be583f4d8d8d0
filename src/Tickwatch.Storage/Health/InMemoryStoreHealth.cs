namespace Tickwatch.Storage.Health;

/// <summary>The in-memory store is always there; it says so plainly rather than pretending to be a cluster.</summary>
public sealed class InMemoryStoreHealth : IStoreHealth
{
    public StoreKind Kind => StoreKind.InMemory;

    public Task<StoreProbe> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new StoreProbe(true, TimeSpan.Zero, null, "in-memory store (embedded default; nothing shared, nothing persisted)"));
}
