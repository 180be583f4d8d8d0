using System.Globalization;
using System.Security.Cryptography;

namespace Tickwatch.Storage.Cluster;

/// <summary>Section <c>Cluster</c>: whether market services share the store under leases, and the leases' timing.</summary>
/// <remarks>
/// A holder may act on a lease until the time it sent its last answered renewal plus <see cref="LeaseTtl"/> minus
/// <see cref="SafetyMargin"/>; it renews every <see cref="RenewInterval"/>, so two renewals may fail before it stops.
/// </remarks>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    private string? _generatedId;

    /// <summary><see cref="ClusterMode.Single"/> (default: today's behaviour, no lease traffic) or <see cref="ClusterMode.Leased"/>.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Single;

    /// <summary>This instance's id in leases, heartbeats and locks; default <c>{machine}-{pid}-{6 hex}</c>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Where this instance's HTTP API answers, as other instances and operators should call it; optional.</summary>
    public string? AdvertisedUrl { get; set; }

    /// <summary>How long a lease lives in the store unless renewed: the longest a dead holder keeps its work.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a holder renews each lease.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How much earlier than the store's expiry a holder stops acting on a lease (clock rate and network).</summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The longest a standby waits between two attempts to take a lease held elsewhere.</summary>
    public TimeSpan AcquirePoll { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often this instance rewrites its heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a heartbeat lives: an instance silent for this long is gone.</summary>
    public TimeSpan HeartbeatTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Account partitions; fixed at <see cref="PartitionMap.DefaultPartitions"/>.</summary>
    public int Partitions { get; set; } = PartitionMap.DefaultPartitions;

    /// <summary>How long a partition may be free before any instance adopts it, whatever the assignment says.</summary>
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a partition's owner re-reads its accounts for commits it did not hear of.</summary>
    public TimeSpan PartitionReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether feeds are packed on one instance: one that writes no feed leaves a free feed, for up to <see cref="LeaseTtl"/>,
    /// to the live instance that writes another, so one instance connects to every venue and the others stand by.
    /// </summary>
    public bool PackFeeds { get; set; } = true;

    /// <summary><see cref="InstanceId"/>, or an id made once for this process: <c>{machine}-{pid}-{6 hex}</c>.</summary>
    public string EffectiveInstanceId()
    {
        if (!string.IsNullOrWhiteSpace(InstanceId))
        {
            return InstanceId;
        }

        return _generatedId ??= GenerateId();
    }

    private static string GenerateId()
    {
        // Machine names may hold characters a lease value or key cannot; keep letters, digits, '-', '_' and '.'.
        var machine = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        return $"{(machine.Length == 0 ? "host" : machine)}-{pid}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }
}
