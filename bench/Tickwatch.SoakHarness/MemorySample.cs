namespace Tickwatch.SoakHarness;

/// <summary>
/// One sample of a process's memory: its resident set and the anonymous part of it (/proc), and what the .NET
/// collector says of its own heap after the last collection (the process's <c>/metrics</c>), so that growth can be
/// told apart as managed (the heap), native (anonymous but not the heap) or mapped files.
/// </summary>
internal sealed record MemorySample(
    double Seconds,
    long Rss,
    long? RssAnon,
    long? GcCommitted,
    long? GcHeap,
    int? Threads);
