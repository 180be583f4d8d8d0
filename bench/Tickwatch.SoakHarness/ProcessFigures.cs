namespace Tickwatch.SoakHarness;

/// <summary>One process in the report: RSS (MiB) at warm-up, at the end and at its peak, its growth after warm-up in % per hour, its CPU, and where the memory went.</summary>
internal sealed record ProcessFigures(
    string Name,
    int Pid,
    double? RssWarmUpMiB,
    double? RssEndMiB,
    double? RssPeakMiB,
    double? RssSlopePercentPerHour,
    int SamplesAfterWarmUp,
    double? CpuSeconds,
    double? MeanCores,
    MemoryGrowth Memory);
