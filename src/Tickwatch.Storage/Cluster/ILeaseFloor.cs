namespace Tickwatch.Storage.Cluster;

/// <summary>Raises the lowest token the next grant of a lease may have, above a fence seen in the store.</summary>
/// <remarks>
/// A lease's token counter lost with a master in an asynchronous failover would grant tokens that fences already hold;
/// whoever meets such a fence (a seal, a refused write) raises the floor, and the next acquisition goes above it.
/// </remarks>
public interface ILeaseFloor
{
    void RaiseFloor(LeaseName name, long fence);
}
