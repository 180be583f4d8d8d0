using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Tests.Cluster;

/// <summary>Leased cluster options with short leases for tests on the real clock: a takeover within about a second.</summary>
internal static class QuickLeases
{
    public static ClusterOptions Options(string instanceId = "market-a") => new()
    {
        Mode = ClusterMode.Leased,
        InstanceId = instanceId,
        LeaseTtl = TimeSpan.FromMilliseconds(800),
        RenewInterval = TimeSpan.FromMilliseconds(100),
        SafetyMargin = TimeSpan.FromMilliseconds(100),
        AcquirePoll = TimeSpan.FromMilliseconds(100),
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        HeartbeatTtl = TimeSpan.FromMilliseconds(500),
        OrphanGrace = TimeSpan.FromMilliseconds(300),
    };
}
