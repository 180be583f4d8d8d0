namespace Tickwatch.SoakHarness;

/// <summary>
/// Where a process's memory went after warm-up: slopes in MiB per hour of the resident set, its anonymous part, the
/// collector's committed memory and its live heap; the collector's figures and the thread count at warm-up and at the end.
/// RSS growing with the committed memory is managed; anonymous growth beyond it is native (runtime, allocator arenas, stacks);
/// the rest is mapped (the JIT's code is double-mapped shared memory, counted as RSS but not as anonymous).
/// </summary>
internal sealed record MemoryGrowth(
    double? RssMiBPerHour,
    double? AnonMiBPerHour,
    double? GcCommittedMiBPerHour,
    double? GcHeapMiBPerHour,
    double? JitMethodsPerHour,
    double? GcCommittedWarmUpMiB,
    double? GcCommittedEndMiB,
    double? GcHeapWarmUpMiB,
    double? GcHeapEndMiB,
    int? ThreadsWarmUp,
    int? ThreadsEnd,
    int ScrapeErrors);
