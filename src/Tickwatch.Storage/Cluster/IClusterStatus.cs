namespace Tickwatch.Storage.Cluster;

/// <summary>The cluster as this instance sees it, for <c>/api/debug/instances</c>, the comprehensive report and the dashboard.</summary>
public interface IClusterStatus
{
    Task<ClusterSnapshot> SnapshotAsync(CancellationToken ct);
}
