using System.Text.Json.Serialization;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage.Diagnostics;

/// <summary>The body of <c>GET /api/debug/redis-cluster</c>: the cluster's health, each node, the client's connections, the writer's performance, recent errors.</summary>
/// <remarks>
/// With the in-memory store, <see cref="Store"/> is <c>in_memory</c>, <c>cluster_health.cluster_state</c> is
/// <c>not_applicable</c>, the Redis-only fields are null and <see cref="Nodes"/> is empty: there is no cluster, and the
/// report does not pretend one. <c>cluster_state</c> is otherwise Redis's own (<c>ok</c>, <c>fail</c>), or
/// <c>unreachable</c> when no node answered.
/// </remarks>
public sealed record RedisClusterReport
{
    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary><c>redis_cluster</c> or <c>in_memory</c>.</summary>
    [JsonPropertyName("store")]
    public required string Store { get; init; }

    /// <summary>The configured seed list (never a password); null for the in-memory store.</summary>
    [JsonPropertyName("configuration")]
    public required string? Configuration { get; init; }

    /// <summary>One line for an operator: what this report means.</summary>
    [JsonPropertyName("summary")]
    public required string Summary { get; init; }

    [JsonPropertyName("cluster_health")]
    public required ClusterHealthSection ClusterHealth { get; init; }

    [JsonPropertyName("nodes")]
    public required IReadOnlyList<ClusterNodeReport> Nodes { get; init; }

    /// <summary>The multiplexer's connections; null for the in-memory store.</summary>
    [JsonPropertyName("connection_pool")]
    public required ConnectionPoolSection? ConnectionPool { get; init; }

    /// <summary>The store writer's figures; null when no writer is registered.</summary>
    [JsonPropertyName("performance")]
    public required PriceStoreWriterStatistics? Performance { get; init; }

    [JsonPropertyName("recent_errors")]
    public required IReadOnlyList<StoreError> RecentErrors { get; init; }

    /// <summary>How long building this report took.</summary>
    [JsonPropertyName("report_ms")]
    public required double ReportMs { get; init; }
}
