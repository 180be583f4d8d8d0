using Tickwatch.Core.Trading;

namespace Tickwatch.Storage.Cluster;

/// <summary>Single mode's partition ownership: this instance owns every partition, and that never changes.</summary>
public sealed class AllPartitionsOwned : IPartitionOwnership
{
    public AllPartitionsOwned(int partitions = PartitionMap.DefaultPartitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Partitions = partitions;
        Owned = new HashSet<int>(Enumerable.Range(0, partitions));
    }

    public int Partitions { get; }

    public IReadOnlySet<int> Owned { get; }

    // Never raised: nothing is ever gained or lost.
    public event Action<PartitionChange>? Changed
    {
        add { }
        remove { }
    }

    public bool Owns(AccountId account) => true;
}
