namespace Tickwatch.Storage.Cluster;

/// <summary>One live instance as its heartbeat (<c>cluster:instance:{ID}</c>) describes it.</summary>
/// <param name="Id">The instance's id.</param>
/// <param name="Role"><c>market</c> or <c>gateway</c>.</param>
/// <param name="Url">Where its HTTP API answers, when it advertises one.</param>
/// <param name="StartedAt">When the instance started.</param>
/// <param name="HeartbeatAt">When it last wrote its heartbeat (its own clock).</param>
/// <param name="Mode">Its cluster mode.</param>
/// <param name="Leases">The leases it holds, by name (<c>feed:binary</c>), with their tokens.</param>
/// <param name="Partitions">The account partitions it owns.</param>
/// <param name="FeedsConnected">The feeds whose listeners it runs.</param>
/// <param name="ProviderConnected">Whether it holds a connected link to the liquidity provider.</param>
public sealed record InstanceRecord(
    string Id,
    string Role,
    string? Url,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    ClusterMode Mode,
    IReadOnlyDictionary<string, long> Leases,
    IReadOnlyList<int> Partitions,
    IReadOnlyList<string> FeedsConnected,
    bool ProviderConnected)
{
    /// <summary>The role of a market service.</summary>
    public const string MarketRole = "market";

    /// <summary>The role of a gateway.</summary>
    public const string GatewayRole = "gateway";
}
