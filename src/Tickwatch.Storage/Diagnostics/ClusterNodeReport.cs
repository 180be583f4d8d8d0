using System.Text.Json.Serialization;

namespace Tickwatch.Storage.Diagnostics;

/// <summary>One node of the cluster: what the cluster says of it (role, slots, flags) and what it answered this client directly.</summary>
public sealed record ClusterNodeReport
{
    /// <summary>The node's cluster id; null when the node is known only to the client.</summary>
    [JsonPropertyName("id")]
    public required string? Id { get; init; }

    [JsonPropertyName("host")]
    public required string Host { get; init; }

    [JsonPropertyName("port")]
    public required int Port { get; init; }

    /// <summary><c>master</c>, <c>replica</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    /// <summary>For a replica: the id of its master.</summary>
    [JsonPropertyName("master_id")]
    public required string? MasterId { get; init; }

    /// <summary>The cluster's flags for the node, e.g. <c>master</c>, <c>fail?</c> (suspected down), <c>fail</c> (agreed down).</summary>
    [JsonPropertyName("flags")]
    public required IReadOnlyList<string> Flags { get; init; }

    /// <summary>The cluster bus link as the answering node sees it: <c>connected</c> or <c>disconnected</c>.</summary>
    [JsonPropertyName("link_state")]
    public required string? LinkState { get; init; }

    [JsonPropertyName("slots")]
    public required SlotAssignment Slots { get; init; }

    /// <summary>The node answered this client's PING within the probe timeout.</summary>
    [JsonPropertyName("reachable")]
    public required bool Reachable { get; init; }

    [JsonPropertyName("ping_ms")]
    public required double? PingMs { get; init; }

    [JsonPropertyName("used_memory")]
    public required long? UsedMemory { get; init; }

    [JsonPropertyName("used_memory_human")]
    public required string? UsedMemoryHuman { get; init; }

    [JsonPropertyName("connected_clients")]
    public required int? ConnectedClients { get; init; }

    /// <summary>For a replica: <c>up</c> or <c>down</c>.</summary>
    [JsonPropertyName("master_link_status")]
    public required string? MasterLinkStatus { get; init; }

    /// <summary>For a replica: seconds since it last heard from its master.</summary>
    [JsonPropertyName("master_last_io_seconds_ago")]
    public required int? MasterLastIoSecondsAgo { get; init; }

    /// <summary>The node's replication offset.</summary>
    [JsonPropertyName("replication_offset")]
    public required long? ReplicationOffset { get; init; }

    /// <summary>For a replica: bytes of its master's replication stream it has not yet applied.</summary>
    [JsonPropertyName("replication_lag_bytes")]
    public required long? ReplicationLagBytes { get; init; }

    /// <summary>For a replica: seconds since its last acknowledgement, as its master reports it.</summary>
    [JsonPropertyName("replication_lag_seconds")]
    public required int? ReplicationLagSeconds { get; init; }

    /// <summary>Why the node could not be asked, or what it answered wrong; null when all is well.</summary>
    [JsonPropertyName("last_error")]
    public required string? LastError { get; init; }
}
