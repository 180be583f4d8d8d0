using System.Text.Json.Serialization;

namespace Tickwatch.Storage.Diagnostics;

/// <summary>The client side: the process's one multiplexer, its connections, and what happened to them since the start.</summary>
public sealed record ConnectionPoolSection
{
    /// <summary><c>not_connected_yet</c> (never used), <c>connected</c> (at least one node) or <c>disconnected</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("client_name")]
    public required string ClientName { get; init; }

    [JsonPropertyName("endpoints_known")]
    public required int EndpointsKnown { get; init; }

    [JsonPropertyName("connected_endpoints")]
    public required IReadOnlyList<string> ConnectedEndpoints { get; init; }

    [JsonPropertyName("disconnected_endpoints")]
    public required IReadOnlyList<string> DisconnectedEndpoints { get; init; }

    /// <summary>Commands issued through the multiplexer since it was created.</summary>
    [JsonPropertyName("operations")]
    public required long Operations { get; init; }

    /// <summary>Commands queued but not yet written to a socket, over all nodes.</summary>
    [JsonPropertyName("pending_unsent")]
    public required long PendingUnsent { get; init; }

    /// <summary>Commands written and awaiting their reply, over all nodes.</summary>
    [JsonPropertyName("awaiting_response")]
    public required long AwaitingResponse { get; init; }

    [JsonPropertyName("sockets")]
    public required long Sockets { get; init; }

    [JsonPropertyName("subscriptions")]
    public required long Subscriptions { get; init; }

    /// <summary>Store commands that timed out (writes, reads, publishes).</summary>
    [JsonPropertyName("timeouts")]
    public required long Timeouts { get; init; }

    /// <summary>Connections to a node that failed or dropped (ConnectionFailed events).</summary>
    [JsonPropertyName("connection_failures")]
    public required long ConnectionFailures { get; init; }

    /// <summary>Connections to a node that came back (ConnectionRestored events): the reconnects.</summary>
    [JsonPropertyName("reconnects")]
    public required long Reconnects { get; init; }

    /// <summary>Error replies the nodes pushed to the client.</summary>
    [JsonPropertyName("error_messages")]
    public required long ErrorMessages { get; init; }

    [JsonPropertyName("internal_errors")]
    public required long InternalErrors { get; init; }

    /// <summary>Times the client saw the cluster's topology change (failover, resharding).</summary>
    [JsonPropertyName("topology_changes")]
    public required long TopologyChanges { get; init; }

    /// <summary>Writes sent again as EVAL because a node did not know the script (a new or failed-over master).</summary>
    [JsonPropertyName("script_reloads")]
    public required long ScriptReloads { get; init; }

    [JsonPropertyName("last_connection_failure")]
    public required StoreError? LastConnectionFailure { get; init; }
}
