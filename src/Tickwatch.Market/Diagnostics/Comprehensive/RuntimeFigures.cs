namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>The .NET runtime's own figures: garbage collection and the thread pool.</summary>
/// <param name="Gen0Collections">Generation 0 collections since the start.</param>
/// <param name="Gen1Collections">Generation 1 collections since the start.</param>
/// <param name="Gen2Collections">Generation 2 (full) collections since the start.</param>
/// <param name="GcPauseTimePercent">Share of time the process was paused by the collector, in %.</param>
/// <param name="ThreadPoolThreads">Thread-pool threads.</param>
/// <param name="ThreadPoolQueueLength">Work items waiting for a thread-pool thread: a high figure means the process cannot keep up.</param>
/// <param name="LockContentions">Times a thread waited for a lock since the start.</param>
public sealed record RuntimeFigures(
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseTimePercent,
    int ThreadPoolThreads,
    long ThreadPoolQueueLength,
    long LockContentions)
{
    public static RuntimeFigures Read() => new(
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetGCMemoryInfo().PauseTimePercentage,
        ThreadPool.ThreadCount,
        ThreadPool.PendingWorkItemCount,
        Monitor.LockContentionCount);
}
