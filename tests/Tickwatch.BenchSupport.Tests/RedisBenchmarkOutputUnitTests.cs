namespace Tickwatch.BenchSupport.Tests;

public sealed class RedisBenchmarkOutputUnitTests
{
    [Fact]
    public void Quiet_output_gives_the_last_figure_of_the_test_after_its_progress_lines()
    {
        // -q rewrites its progress line with \r and prints the result on the same line.
        const string output = "HSET: rps=512000.0 (overall: 498000.5) avg_msec=1.2 (overall: 1.3)\rHSET: rps=812000.0 (overall: 700000.0) avg_msec=1.0 (overall: 1.1)\r"
            + "HSET: 802568.19 requests per second, p50=0.863 msec                    \n\n";

        Assert.Equal(802568.19, RedisBenchmarkOutput.RequestsPerSecond(output, "HSET"));
        Assert.Equal("HSET: 802568.19 requests per second, p50=0.863 msec", RedisBenchmarkOutput.Clean(output));
    }

    [Fact]
    public void Csv_output_gives_the_figure_of_the_tests_row()
    {
        const string output = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\"\n\"HSET\",\"231267.34\",\"2.100\",\"0.300\",\"2.431\"\n";

        Assert.Equal(231267.34, RedisBenchmarkOutput.RequestsPerSecond(output, "HSET"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Could not connect to Redis at 127.0.0.1:7801: Connection refused")]
    [InlineData("HSET: rps=512000.0 (overall: 498000.5) avg_msec=1.2 (overall: 1.3)")]
    [InlineData("SET: 900000.00 requests per second, p50=0.5 msec")]
    public void Output_without_the_tests_result_gives_no_figure(string output) =>
        Assert.Null(RedisBenchmarkOutput.RequestsPerSecond(output, "HSET"));

    [Fact]
    public void Cluster_nodes_give_every_nodes_port_masters_replicas_and_failed_ones()
    {
        const string nodes = """
            07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:7804@17804 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected
            67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:7802@17802,node-b master - 0 1426238316232 2 connected 5461-10922
            292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:7803@17803 master - 0 1426238318243 3 connected 10923-16383
            6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:7805@17805 slave,fail 67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 0 1426238316232 5 connected
            e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:7801@17801 myself,master - 0 0 1 connected 0-5460
            """;

        Assert.Equal([7801, 7802, 7803, 7804, 7805], RedisBenchmarkOutput.NodePorts(nodes));
    }
}
