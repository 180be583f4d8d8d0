namespace Tickwatch.Storage.Diagnostics;

/// <summary>What one round of probing found: the cluster-wide PING (its time or why it failed) and every node's own answers.</summary>
internal sealed record ClusterProbe(double? PingMs, string? PingError, NodeProbe[] Nodes);
