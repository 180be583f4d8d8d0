using System.Text.Json.Serialization;

namespace Tickwatch.Storage.Diagnostics;

/// <summary>The cluster as a whole: Redis's <c>CLUSTER INFO</c> as one reachable master sees it, and a PING from this client.</summary>
public sealed record ClusterHealthSection
{
    /// <summary>Redis's <c>cluster_state</c> (<c>ok</c>, <c>fail</c>); <c>unreachable</c> when no node answered; <c>not_applicable</c> for the in-memory store.</summary>
    [JsonPropertyName("cluster_state")]
    public required string ClusterState { get; init; }

    /// <summary>A PING through the client answered; null for the in-memory store.</summary>
    [JsonPropertyName("ping_success")]
    public required bool? PingSuccess { get; init; }

    [JsonPropertyName("ping_time_ms")]
    public required double? PingTimeMs { get; init; }

    [JsonPropertyName("slots_assigned")]
    public required int? SlotsAssigned { get; init; }

    [JsonPropertyName("slots_ok")]
    public required int? SlotsOk { get; init; }

    /// <summary>Slots whose master some node suspects (no answer within the node timeout).</summary>
    [JsonPropertyName("slots_pfail")]
    public required int? SlotsPfail { get; init; }

    /// <summary>Slots whose master the cluster agreed is down.</summary>
    [JsonPropertyName("slots_fail")]
    public required int? SlotsFail { get; init; }

    [JsonPropertyName("known_nodes")]
    public required int? KnownNodes { get; init; }

    /// <summary>Masters serving at least one slot.</summary>
    [JsonPropertyName("size")]
    public required int? Size { get; init; }

    [JsonPropertyName("current_epoch")]
    public required long? CurrentEpoch { get; init; }

    /// <summary>The node whose view this is (host:port).</summary>
    [JsonPropertyName("answered_by")]
    public required string? AnsweredBy { get; init; }

    /// <summary>Why the health could not be read, when it could not.</summary>
    [JsonPropertyName("error")]
    public required string? Error { get; init; }
}
