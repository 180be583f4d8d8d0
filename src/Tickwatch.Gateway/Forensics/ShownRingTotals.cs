namespace Tickwatch.Gateway.Forensics;

/// <summary>What a forgotten ring held and counted, moved into the log's totals so they never go backwards.</summary>
internal readonly record struct ShownRingTotals(int Held, long Recorded, long EvictedCap, long EvictedWindow, long Bytes);
