namespace Tickwatch.SoakHarness;

/// <summary>
/// One sample of a process's memory: its resident set and the anonymous part of it (/proc), what the .NET collector
/// says of its own heap after the last collection, and the methods the JIT has compiled (the process's <c>/metrics</c>),
/// so that growth can be told apart as managed (the heap), native (anonymous but not the heap) or code (the JIT's
/// output is double-mapped shared memory: resident, not anonymous).
/// </summary>
internal sealed record MemorySample(
    double Seconds,
    long Rss,
    long? RssAnon,
    long? GcCommitted,
    long? GcHeap,
    long? JitMethods,
    int? Threads);
