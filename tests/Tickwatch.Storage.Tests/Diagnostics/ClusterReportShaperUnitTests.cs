using Tickwatch.Storage.Diagnostics;

namespace Tickwatch.Storage.Tests.Diagnostics;

/// <summary>The report's sections from fixed probe results, without Redis: which node's view is taken, the health, each node's role, lag and error.</summary>
public sealed class ClusterReportShaperUnitTests
{
    private const string ClusterInfo = "cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:4\r\ncluster_size:3\r\ncluster_current_epoch:7\r\n";

    // The same cluster seen from 7101 and from 7102: 7104 replicates 7102, 7103 is flagged failing.
    private const string NodesFrom7101 = """
        aaaa 127.0.0.1:7101@17101 myself,master - 0 0 1 connected 0-5460
        bbbb 127.0.0.1:7102@17102 master - 0 0 2 connected 5461-10922
        cccc 127.0.0.1:7103@17103 master,fail? - 0 0 3 connected 10923-16383
        dddd 127.0.0.1:7104@17104 slave bbbb 0 0 2 connected
        """;

    [Fact]
    public void The_view_is_the_first_reachable_master_by_address_and_the_health_is_its_cluster_info()
    {
        NodeProbe[] probes = [Master(7102, NodesFrom7101.Replace("myself,", "", StringComparison.Ordinal)), Master(7101, NodesFrom7101)];

        var view = ClusterReportShaper.ChooseView(probes);
        var health = ClusterReportShaper.Health(view, probes, 0.5, null);

        Assert.Equal("127.0.0.1:7101", view?.Address);
        Assert.Equal(("ok", 16384, 4, 3, 7L), (health.ClusterState, health.SlotsOk, health.KnownNodes, health.Size, health.CurrentEpoch));
        Assert.Equal((true, 0.5, "127.0.0.1:7101", (string?)null), (health.PingSuccess, health.PingTimeMs, health.AnsweredBy, health.Error));
    }

    [Fact]
    public void Each_node_gets_its_role_its_replication_lag_from_its_master_and_what_is_wrong_with_it()
    {
        var master = Master(7102, null, "role:master\r\nmaster_repl_offset:10000\r\nslave0:ip=127.0.0.1,port=7104,state=online,offset=9000,lag=2\r\n");
        var replica = new NodeProbe("127.0.0.1:7104", "127.0.0.1", 7104, 0.2, ClusterText.ParseFields("role:slave\r\nslave_repl_offset:9400\r\nmaster_link_status:up\r\n"), null, null, null);
        var failing = Master(7103, null) with { Error = null };
        NodeProbe[] probes = [Master(7101, NodesFrom7101), master, replica, failing];

        var nodes = ClusterReportShaper.Nodes(ClusterReportShaper.ChooseView(probes), probes);

        Assert.Equal([7101, 7102, 7103, 7104], nodes.Select(n => n.Port));
        var replicaNode = nodes.Single(n => n.Port == 7104);
        Assert.Equal(("replica", "bbbb", 600L, 2, "up"), (replicaNode.Role, replicaNode.MasterId, replicaNode.ReplicationLagBytes, replicaNode.ReplicationLagSeconds, replicaNode.MasterLinkStatus));
        Assert.Equal(["master"], nodes.Single(n => n.Port == 7101).Flags);
        Assert.Equal("the cluster flags it fail?", nodes.Single(n => n.Port == 7103).LastError);
        Assert.Null(nodes.Single(n => n.Port == 7102).LastError);
    }

    [Fact]
    public void A_node_the_cluster_lists_but_the_client_never_reached_is_reported_unreachable_and_one_the_view_omits_is_added()
    {
        var stranger = new NodeProbe("127.0.0.1:7199", "127.0.0.1", 7199, null, null, null, null, "not connected: the client cannot reach it and keeps retrying");
        NodeProbe[] probes = [Master(7101, NodesFrom7101), stranger];

        var nodes = ClusterReportShaper.Nodes(ClusterReportShaper.ChooseView(probes), probes);
        var health = ClusterReportShaper.Health(ClusterReportShaper.ChooseView(probes), probes, 0.5, null);

        Assert.Equal([7101, 7102, 7103, 7104, 7199], nodes.Select(n => n.Port));
        var unprobed = nodes.Single(n => n.Port == 7102);
        Assert.False(unprobed.Reachable);
        Assert.Equal("not connected by this client (the cluster lists it; the client has no connection to it)", unprobed.LastError);
        Assert.Equal(("unknown", (string?)null), (nodes.Single(n => n.Port == 7199).Role, nodes.Single(n => n.Port == 7199).Id));
        Assert.Equal("Redis Cluster: cluster_state ok; 5 nodes, 4 unreachable from this client.", ClusterReportShaper.Summary(health, nodes));
    }

    [Fact]
    public void With_no_node_answering_the_cluster_is_unreachable_with_the_first_reason_given()
    {
        var down = new NodeProbe("127.0.0.1:7101", "127.0.0.1", 7101, null, null, null, null, "no answer within 500 ms");

        var viaPing = ClusterReportShaper.Health(null, [down], null, "ping refused");
        var viaNode = ClusterReportShaper.Health(null, [down], null, null);
        var none = ClusterReportShaper.Health(null, [], null, null);

        Assert.Equal(("unreachable", false, "no node answered: ping refused"), (viaPing.ClusterState, viaPing.PingSuccess, viaPing.Error));
        Assert.Equal("no node answered: no answer within 500 ms", viaNode.Error);
        Assert.Equal("no node answered: no node is known", none.Error);
        Assert.Null(viaPing.SlotsOk);
    }

    [Fact]
    public void Reachable_nodes_without_cluster_info_leave_the_state_unknown()
    {
        var bare = new NodeProbe("127.0.0.1:7101", "127.0.0.1", 7101, 0.3, null, null, null, "ERR This instance has cluster support disabled");

        var health = ClusterReportShaper.Health(ClusterReportShaper.ChooseView([bare]), [bare], 0.3, null);

        Assert.Equal(("unknown", "no node answered CLUSTER INFO: ERR This instance has cluster support disabled"), (health.ClusterState, health.Error));
    }

    private static NodeProbe Master(int port, string? clusterNodes, string info = "role:master\r\n") => new(
        "127.0.0.1:" + port,
        "127.0.0.1",
        port,
        0.1,
        ClusterText.ParseFields(info),
        clusterNodes is null ? null : ClusterText.ParseFields(ClusterInfo),
        clusterNodes is null ? null : ClusterText.ParseNodes(clusterNodes),
        null);
}
