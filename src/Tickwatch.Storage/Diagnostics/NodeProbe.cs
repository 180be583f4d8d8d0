namespace Tickwatch.Storage.Diagnostics;

/// <summary>What one node answered this client directly: PING, INFO, CLUSTER INFO and CLUSTER NODES, each null when it did not answer in time.</summary>
internal sealed record NodeProbe(
    string Address,
    string Host,
    int Port,
    double? PingMs,
    Dictionary<string, string>? Info,
    Dictionary<string, string>? ClusterInfo,
    List<ClusterNodeLine>? ClusterNodes,
    string? Error)
{
    public bool Reachable => PingMs is not null;

    /// <summary>The node's own line in its CLUSTER NODES (flag <c>myself</c>).</summary>
    public ClusterNodeLine? Self => ClusterNodes?.FirstOrDefault(n => n.Flags.Contains("myself"));
}
