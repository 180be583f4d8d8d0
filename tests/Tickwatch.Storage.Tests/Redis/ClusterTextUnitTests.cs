using Tickwatch.Storage.Diagnostics;

namespace Tickwatch.Storage.Tests.Redis;

public sealed class ClusterTextUnitTests
{
    [Fact]
    public void Cluster_nodes_lines_give_role_flags_link_and_slots()
    {
        const string Text = """
            9302a336 127.0.0.1:7103@17103 master - 0 1795866997415 3 connected 10923-16383
            fe2c5045 127.0.0.1:7102@17102,node-2 master - 0 1795866997415 2 connected 5461-10922 [5462->-9302a336]
            7db4c623 127.0.0.1:7104@17104 slave fe2c5045 0 1795866998017 2 connected
            4059c79a 127.0.0.1:7101@17101 myself,master - 0 1795866997000 1 connected 0-5459 5460
            eda0c26e 127.0.0.1:7106@17106 master,fail 4059c79a 0 1795866997415 1 disconnected
            garbage
            """;

        var nodes = ClusterText.ParseNodes(Text);

        Assert.Equal(5, nodes.Count);
        var self = Assert.Single(nodes, n => n.Flags.Contains("myself"));
        Assert.Equal(("127.0.0.1", 7101, 5461, true), (self.Host, self.Port, self.Slots.Count, self.IsMaster));
        Assert.Equal(["0-5459", "5460"], self.Slots.Ranges);
        Assert.Equal(5462, nodes.Single(n => n.Port == 7102).Slots.Count);
        var replica = nodes.Single(n => n.Port == 7104);
        Assert.True(replica.IsReplica);
        Assert.Equal("fe2c5045", replica.MasterId);
        var failed = nodes.Single(n => n.Port == 7106);
        Assert.Equal(["master", "fail"], failed.Flags);
        Assert.Equal("disconnected", failed.LinkState);
    }

    [Fact]
    public void Info_fields_and_a_masters_replicas_are_read()
    {
        const string Text = "# Replication\r\nrole:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=7104,state=online,offset=9876,lag=1\r\nmaster_repl_offset:10000\r\n\r\n# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n";

        var fields = ClusterText.ParseFields(Text);
        var replicas = ClusterText.ParseReplicas(fields);

        Assert.Equal("master", fields["role"]);
        Assert.Equal(1_048_576, ClusterText.Long(fields, "used_memory"));
        Assert.Equal(10_000, ClusterText.Long(fields, "master_repl_offset"));
        Assert.Null(ClusterText.Int(fields, "missing"));
        Assert.Equal((9876L, 1), (replicas["127.0.0.1:7104"].Offset!.Value, replicas["127.0.0.1:7104"].Lag!.Value));
    }
}
