namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>CPU used by the process over a recent window, as a share of all its processors.</summary>
/// <param name="ProcessPercent">CPU time over wall time over processors, 0–100.</param>
/// <param name="WindowSeconds">The window measured: since an earlier reading, or since start for the first one.</param>
/// <param name="TotalProcessorSeconds">CPU time used since the process started.</param>
public sealed record CpuUsage(double ProcessPercent, double WindowSeconds, double TotalProcessorSeconds);
