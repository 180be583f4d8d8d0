namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Memory of the process, and of the container (its limit) or machine it runs in.</summary>
/// <param name="ProcessWorkingSetMb">This process's resident memory in MiB.</param>
/// <param name="GcHeapMb">Managed heap in use, in MiB.</param>
/// <param name="Scope"><c>container</c> (a cgroup limit) or <c>machine</c>; null when it cannot be read.</param>
/// <param name="UsedPercent">Memory in use in that scope, 0–100; null when it cannot be read.</param>
/// <param name="UsedMb">Memory in use in that scope, in MiB.</param>
/// <param name="TotalMb">The container's limit or the machine's memory, in MiB.</param>
public sealed record MemoryUsage(
    double ProcessWorkingSetMb,
    double GcHeapMb,
    string? Scope,
    double? UsedPercent,
    double? UsedMb,
    double? TotalMb);
