namespace Tickwatch.BenchSupport;

/// <summary>
/// <c>redis-benchmark</c>'s pipelined HSET against the cluster, with the cluster's CPU during it: the store's limit on this
/// machine, the figure a whole-path step's store writes are divided by.
/// </summary>
/// <param name="CommandLine">The exact command run, for the report.</param>
/// <param name="Requests">HSETs asked of it.</param>
/// <param name="HsetPerSecond">Its own requests-per-second figure.</param>
/// <param name="ClusterCpuMicrosPerHset">CPU of every node (masters and replicas) during the run, in µs per HSET.</param>
/// <param name="ClusterCpu">CPU of every node during the run.</param>
/// <param name="NodePorts">The nodes whose CPU was read (all the cluster's local nodes when <c>CLUSTER NODES</c> answered, else the seeds').</param>
/// <param name="Output">Its final output lines.</param>
/// <param name="Error">Why there is no figure; null when measured.</param>
public sealed record RedisLimit(
    string CommandLine,
    long Requests,
    double HsetPerSecond,
    double ClusterCpuMicrosPerHset,
    TimeSpan ClusterCpu,
    IReadOnlyList<int> NodePorts,
    string Output,
    string? Error = null)
{
    /// <summary>A limit that could not be measured, with the reason.</summary>
    public static RedisLimit Failed(string commandLine, long requests, string error, string output = "") =>
        new(commandLine, requests, 0, 0, TimeSpan.Zero, [], output, error);

    /// <summary>One line for a report.</summary>
    public override string ToString() => Error is not null
        ? $"redis-benchmark HSET: not measured ({Error}); {CommandLine}"
        : $"redis-benchmark HSET: {HsetPerSecond:N0} HSET/s, cluster CPU {ClusterCpuMicrosPerHset:N2} µs per HSET ({ClusterCpu.TotalSeconds:N2} s over {NodePorts.Count} nodes); {CommandLine}";
}
