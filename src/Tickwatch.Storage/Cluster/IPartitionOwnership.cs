using Tickwatch.Core.Trading;

namespace Tickwatch.Storage.Cluster;

/// <summary>Which account partitions (<see cref="PartitionMap"/>) this instance owns: their triggers, portfolios and ledger are its work.</summary>
public interface IPartitionOwnership
{
    /// <summary>How many partitions accounts are spread over.</summary>
    int Partitions { get; }

    /// <summary>Partitions owned now.</summary>
    IReadOnlySet<int> Owned { get; }

    /// <summary>Whether the account's partition is owned now; always true in single mode.</summary>
    bool Owns(AccountId account);

    /// <summary>Raised when partitions are gained or lost, off the caller's thread.</summary>
    event Action<PartitionChange>? Changed;
}
