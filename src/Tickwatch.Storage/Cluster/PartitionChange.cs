namespace Tickwatch.Storage.Cluster;

/// <summary>Account partitions this instance gained and lost in one rebalance.</summary>
/// <param name="Gained">Partitions now owned that were not.</param>
/// <param name="Lost">Partitions no longer owned.</param>
public sealed record PartitionChange(IReadOnlyList<int> Gained, IReadOnlyList<int> Lost);
