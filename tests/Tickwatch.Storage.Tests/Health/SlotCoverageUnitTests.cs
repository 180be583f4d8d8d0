using Tickwatch.Storage.Health;

namespace Tickwatch.Storage.Tests.Health;

/// <summary>Which slots have a reachable master, read from fixed <c>CLUSTER NODES</c> text.</summary>
public sealed class SlotCoverageUnitTests
{
    private const string Healthy = """
        9302a336 127.0.0.1:7203@17203 master - 0 1795866997415 3 connected 10923-16383
        fe2c5045 127.0.0.1:7202@17202 master - 0 1795866997415 2 connected 5461-10922
        7db4c623 127.0.0.1:7204@17204 slave fe2c5045 0 1795866998017 2 connected
        4059c79a 127.0.0.1:7201@17201 myself,master - 0 1795866997000 1 connected 0-5460
        """;

    [Fact]
    public void Every_slot_served_by_a_connected_master_is_covered_and_the_masters_are_listed_by_first_slot()
    {
        var coverage = SlotCoverage.Read(Healthy);

        Assert.Equal(16384, coverage.Covered);
        Assert.Empty(coverage.Uncovered);
        Assert.Null(coverage.Problem);
        Assert.Equal([7201, 7202, 7203], coverage.ServingMasters.Select(m => m.Port));
    }

    [Fact]
    public void A_failed_master_whose_replica_is_gone_leaves_its_slots_without_a_master_and_is_named()
    {
        const string Text = """
            9302a336 127.0.0.1:7203@17203 myself,master - 0 1795866997415 3 connected 10923-16383
            fe2c5045 127.0.0.1:7202@17202 master,fail - 1795866990000 1795866997415 2 disconnected 5461-10922
            7db4c623 127.0.0.1:7205@17205 slave,fail fe2c5045 1795866990000 1795866998017 2 disconnected
            4059c79a 127.0.0.1:7201@17201 master - 0 1795866997000 1 connected 0-5460
            """;

        var coverage = SlotCoverage.Read(Text);

        Assert.Equal(16384 - 5462, coverage.Covered);
        Assert.Equal(["5461-10922"], coverage.Uncovered);
        Assert.Equal("slots 5461-10922 have no reachable master (127.0.0.1:7202 is master,fail, link disconnected)", coverage.Problem);
        Assert.Equal([7201, 7203], coverage.ServingMasters.Select(m => m.Port));
    }

    [Fact]
    public void A_master_only_suspected_failing_counts_as_unreachable()
    {
        var coverage = SlotCoverage.Read(Healthy.Replace("7202@17202 master -", "7202@17202 master,fail? -", StringComparison.Ordinal));

        Assert.Equal(["5461-10922"], coverage.Uncovered);
        Assert.StartsWith("slots 5461-10922 have no reachable master (127.0.0.1:7202 is master,fail?", coverage.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_master_the_client_cannot_reach_does_not_serve_its_slots_even_when_the_cluster_says_it_is_fine()
    {
        var coverage = SlotCoverage.Read(Healthy, address => address != "127.0.0.1:7203");

        Assert.Equal(["10923-16383"], coverage.Uncovered);
        Assert.Equal("slots 10923-16383 have no reachable master (127.0.0.1:7203 is master but this client is not connected to it)", coverage.Problem);
    }

    [Fact]
    public void Unassigned_slots_and_single_slots_are_named_in_redis_range_form()
    {
        const string Text = """
            4059c79a 127.0.0.1:7201@17201 myself,master - 0 1795866997000 1 connected 0-99 101-16382
            """;

        var coverage = SlotCoverage.Read(Text);

        Assert.Equal(16382, coverage.Covered);
        Assert.Equal(["100", "16383"], coverage.Uncovered);
        Assert.Equal("slot 100 has no reachable master (assigned to no node); slot 16383 has no reachable master (assigned to no node)", coverage.Problem);
    }

    [Fact]
    public void After_a_failover_the_promoted_replica_serves_the_slots_and_the_failed_master_has_none()
    {
        const string Text = """
            9302a336 127.0.0.1:7203@17203 myself,master - 0 1795866997415 3 connected 10923-16383
            fe2c5045 127.0.0.1:7202@17202 master - 0 1795866997415 2 connected 5461-10922
            4059c79a 127.0.0.1:7201@17201 master,fail - 1795866990000 1795866997000 1 disconnected
            a1b2c3d4 127.0.0.1:7205@17205 master - 0 1795866997000 4 connected 0-5460
            """;

        var coverage = SlotCoverage.Read(Text);

        Assert.Equal(16384, coverage.Covered);
        Assert.Null(coverage.Problem);
        Assert.Equal([7205, 7202, 7203], coverage.ServingMasters.Select(m => m.Port));
    }

    [Fact]
    public void No_text_at_all_means_no_slot_is_served()
    {
        var coverage = SlotCoverage.Read("");

        Assert.Equal(0, coverage.Covered);
        Assert.Equal(["0-16383"], coverage.Uncovered);
        Assert.Empty(coverage.ServingMasters);
    }
}
