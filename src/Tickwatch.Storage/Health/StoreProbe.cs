namespace Tickwatch.Storage.Health;

/// <summary>The result of one round trip to the store.</summary>
/// <param name="Reachable">The store answered.</param>
/// <param name="Latency">How long the round trip took, when it answered.</param>
/// <param name="ClusterState">Redis's <c>cluster_state</c> (<c>ok</c> or <c>fail</c>); null for the in-memory store.</param>
/// <param name="Detail">What an operator should read: the error, or a one-line summary.</param>
public sealed record StoreProbe(bool Reachable, TimeSpan? Latency, string? ClusterState, string Detail)
{
    /// <summary>Why the store cannot take writes although it answered (slots without a reachable master, a probe write that failed); null when nothing was found.</summary>
    public string? Problem { get; init; }

    /// <summary>Hash slots a reachable master serves (of 16384); null for the in-memory store or when not read.</summary>
    public int? SlotsCovered { get; init; }

    /// <summary>Slot ranges without a reachable master (<c>0-5460</c>); empty when every slot is served or when not read.</summary>
    public IReadOnlyList<string> SlotsWithoutMaster { get; init; } = [];

    /// <summary>Probe writes sent (one per master that serves slots); null when none was tried.</summary>
    public int? ProbeWrites { get; init; }

    /// <summary>Probe writes that failed; null when none was tried.</summary>
    public int? ProbeWritesFailed { get; init; }
}
