using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Cluster;

/// <summary>One live instance in <c>/api/debug/instances</c>, as its heartbeat describes it.</summary>
/// <param name="Id">The instance's id.</param>
/// <param name="Role"><c>market</c> or <c>gateway</c>.</param>
/// <param name="Url">Where its HTTP API answers, when it advertises one.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="HeartbeatAt">When it last wrote its heartbeat (its own clock).</param>
/// <param name="Leases">The leases it holds, by name, with their tokens.</param>
/// <param name="Partitions">The account partitions it owns.</param>
/// <param name="FeedsConnected">The feeds whose listeners it runs.</param>
/// <param name="ProviderConnected">Whether it holds a connected link to the liquidity provider.</param>
public sealed record InstanceEntry(
    string Id,
    string Role,
    string? Url,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    IReadOnlyDictionary<string, long> Leases,
    IReadOnlyList<int> Partitions,
    IReadOnlyList<string> FeedsConnected,
    bool ProviderConnected)
{
    public static InstanceEntry From(InstanceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new InstanceEntry(
            record.Id,
            record.Role,
            record.Url,
            record.StartedAt,
            record.HeartbeatAt,
            new SortedDictionary<string, long>(record.Leases.ToDictionary(), StringComparer.Ordinal),
            record.Partitions,
            record.FeedsConnected,
            record.ProviderConnected);
    }
}
