namespace Tickwatch.Storage.Diagnostics;

/// <summary>One line of <c>CLUSTER NODES</c>.</summary>
internal sealed record ClusterNodeLine(
    string Id,
    string Host,
    int Port,
    IReadOnlyList<string> Flags,
    string? MasterId,
    string LinkState,
    SlotAssignment Slots)
{
    public bool IsMaster => Flags.Contains("master");

    public bool IsReplica => Flags.Contains("slave") || Flags.Contains("replica");

    public string Address => Host + ":" + Port;
}
