using System.Diagnostics;

namespace Tickwatch.LoadHarness;

/// <summary>The process's resource counters at one instant; two of them give a window's usage.</summary>
internal readonly record struct ProcessSample(
    long Timestamp,
    TimeSpan Cpu,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    TimeSpan GcPause,
    long WorkingSet,
    TimeSpan? SystemBusy)
{
    public static ProcessSample Take()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessSample(
            Stopwatch.GetTimestamp(),
            process.TotalProcessorTime,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration(),
            process.WorkingSet64,
            SystemCpu.Busy());
    }

    public double SecondsSince(in ProcessSample start) => (double)(Timestamp - start.Timestamp) / Stopwatch.Frequency;

    /// <summary>Cores' worth of CPU that other processes used since <paramref name="start"/>: anything well above 0 makes the window suspect.</summary>
    public double? OtherProcessesCores(in ProcessSample start) =>
        SystemBusy is { } end && start.SystemBusy is { } begin
            ? Math.Round(Math.Max(0, ((end - begin) - (Cpu - start.Cpu)).TotalSeconds) / SecondsSince(start), 2)
            : null;
}
