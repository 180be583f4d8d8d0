namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>system_info</c>: the process, its version, uptime, memory and CPU.</summary>
/// <param name="Service">The role of this process (<c>market</c>).</param>
/// <param name="Version">Tickwatch's version.</param>
/// <param name="ProcessId">The operating system's process id.</param>
/// <param name="MachineName">The host the process runs on.</param>
/// <param name="Framework">The .NET runtime.</param>
/// <param name="Os">The operating system.</param>
/// <param name="ProcessorCount">Processors available to the process.</param>
/// <param name="StartedAt">When the process started.</param>
/// <param name="UptimeSeconds">Seconds since then.</param>
/// <param name="Store">The price store in use: <c>in_memory</c> or <c>redis_cluster</c>.</param>
/// <param name="StartedDegraded">A critical start-up prerequisite failed and has not passed since.</param>
/// <param name="Memory">Memory of the process and of its container or machine.</param>
/// <param name="Cpu">CPU used by the process.</param>
/// <param name="Threads">Threads of the process.</param>
public sealed record SystemInfoSection(
    string Service,
    string Version,
    int ProcessId,
    string MachineName,
    string Framework,
    string Os,
    int ProcessorCount,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    string Store,
    bool StartedDegraded,
    MemoryUsage Memory,
    CpuUsage Cpu,
    int Threads);
