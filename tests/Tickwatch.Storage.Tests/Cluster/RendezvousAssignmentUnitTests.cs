using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Tests.Cluster;

public sealed class RendezvousAssignmentUnitTests
{
    private const int Partitions = PartitionMap.DefaultPartitions;

    [Theory]
    [InlineData("market-a", "market-b", "market-c")]
    [InlineData("host1-101-a1b2c3", "host2-202-d4e5f6", "host3-303-0789ab")]
    [InlineData("m1", "m2", "m3")]
    public void A_third_instance_joining_takes_only_the_partitions_it_wins(string a, string b, string c)
    {
        var before = RendezvousAssignment.Assign(Partitions, [a, b]);
        var after = RendezvousAssignment.Assign(Partitions, [a, b, c]);

        var moved = Enumerable.Range(0, Partitions).Where(p => before[p] != after[p]).ToList();
        Assert.All(moved, p => Assert.Equal(c, after[p]));
        Assert.Equal(moved, Enumerable.Range(0, Partitions).Where(p => after[p] == c));
        Assert.NotEmpty(moved);
    }

    [Fact]
    public void A_third_instance_joining_moves_at_most_a_third_and_one_for_the_test_cluster_and_a_third_on_average()
    {
        Assert.InRange(Moved("market-a", "market-b", "market-c"), 1, (int)Math.Ceiling(Partitions / 3.0) + 1);

        // The count is the newcomer's share of 16 draws, so one cluster may see more; over many ids it is a third.
        var random = new Random(17);
        var moves = Enumerable.Range(0, 500).Select(_ => Moved(Id(random), Id(random), Id(random))).ToList();
        Assert.InRange(moves.Average(), Partitions / 3.0 - 0.5, Partitions / 3.0 + 0.5);

        static string Id(Random random) => $"host{random.Next(1000)}-{random.Next(1, 99999)}-{random.Next(0x1000000):x6}";

        static int Moved(string a, string b, string c)
        {
            var before = RendezvousAssignment.Assign(Partitions, [a, b]);
            var after = RendezvousAssignment.Assign(Partitions, [a, b, c]);
            return Enumerable.Range(0, Partitions).Count(p => before[p] != after[p]);
        }
    }

    [Fact]
    public void An_instance_leaving_gives_up_only_its_own_partitions()
    {
        var before = RendezvousAssignment.Assign(Partitions, ["market-a", "market-b", "market-c"]);
        var after = RendezvousAssignment.Assign(Partitions, ["market-a", "market-c"]);

        for (var p = 0; p < Partitions; p++)
        {
            if (before[p] != "market-b")
            {
                Assert.Equal(before[p], after[p]);
            }
        }

        Assert.DoesNotContain("market-b", after);
    }

    [Fact]
    public void Every_instance_decides_alike_whatever_order_it_lists_the_others_in()
    {
        var one = RendezvousAssignment.Assign(Partitions, ["market-a", "market-b", "market-c"]);
        var other = RendezvousAssignment.Assign(Partitions, ["market-c", "market-a", "market-b"]);

        Assert.Equal(one, other);
        Assert.Equal(3, one.Distinct().Count());
        Assert.Null(RendezvousAssignment.OwnerOf(0, []));
    }
}
