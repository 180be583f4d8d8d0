namespace Tickwatch.Storage.Cluster;

/// <summary>How market services share one store: alone, or several behind leases.</summary>
public enum ClusterMode
{
    /// <summary>One market service per store: every feed, partition and job is held, with no Redis traffic for it.</summary>
#pragma warning disable CA1720 // "Single" is the setting's value operators write (Cluster:Mode=Single), not System.Single.
    Single,
#pragma warning restore CA1720

    /// <summary>Several market services on one Redis Cluster, each feed, partition and job under a lease.</summary>
    Leased,
}
