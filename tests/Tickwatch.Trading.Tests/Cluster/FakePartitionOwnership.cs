using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>Partition ownership the test flips: <see cref="Gain"/> and <see cref="Lose"/> change what is owned and raise <see cref="Changed"/> off the caller's thread, as the real one does.</summary>
internal sealed class FakePartitionOwnership : IPartitionOwnership
{
    private readonly Lock _lock = new();
    private HashSet<int> _owned;

    public FakePartitionOwnership(IEnumerable<int>? owned = null) => _owned = [.. owned ?? []];

    public event Action<PartitionChange>? Changed;

    public int Partitions => PartitionMap.DefaultPartitions;

    public IReadOnlySet<int> Owned
    {
        get
        {
            lock (_lock)
            {
                return new HashSet<int>(_owned);
            }
        }
    }

    public static FakePartitionOwnership All() => new(Enumerable.Range(0, PartitionMap.DefaultPartitions));

    public bool Owns(AccountId account)
    {
        var partition = PartitionMap.Of(account, Partitions);
        lock (_lock)
        {
            return _owned.Contains(partition);
        }
    }

    public Task Gain(params int[] partitions) => Flip(partitions, []);

    public Task Lose(params int[] partitions) => Flip([], partitions);

    private Task Flip(int[] gained, int[] lost)
    {
        lock (_lock)
        {
            _owned = [.. _owned.Union(gained).Except(lost)];
        }

        var change = new PartitionChange(gained, lost);
        return Task.Run(() => Changed?.Invoke(change));
    }
}
