namespace Tickwatch.Storage.Cluster;

/// <summary>The instances of the cluster that are alive: each writes its heartbeat, and one that stops disappears by itself.</summary>
public interface IInstanceRegistry
{
    /// <summary>This instance, as its heartbeat describes it now.</summary>
    InstanceRecord Self { get; }

    /// <summary>Every live instance (this one included once its first heartbeat is written).</summary>
    Task<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken ct);
}
