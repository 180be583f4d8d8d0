namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>The symbol timelines' bounds and counters, for <c>/api/debug/forensics/symbols</c>.</summary>
/// <param name="WindowSeconds">How far back a timeline reaches (<c>Forensics:TimelineWindow</c>).</param>
/// <param name="PerSymbolCap">Most entries per symbol (<c>Forensics:TimelinePerSymbol</c>).</param>
/// <param name="MaxSymbols">Most symbols with a timeline (<c>Forensics:TimelineSymbols</c>).</param>
/// <param name="BytesPerEntry">Size of one entry in its ring.</param>
/// <param name="BudgetBytes">The most the timelines can hold: every symbol at its cap.</param>
/// <param name="Symbols">Symbols with a timeline.</param>
/// <param name="Entries">Entries held now.</param>
/// <param name="BytesHeld">Bytes of the rings' arrays as allocated now (they grow by doubling up to the cap).</param>
/// <param name="EntriesRecorded">Entries recorded since start.</param>
/// <param name="EntriesEvictedByWindow">Entries dropped for being older than the window.</param>
/// <param name="EntriesEvictedByCap">Entries dropped, younger than the window, because their symbol was at its cap: its history is shorter than the window.</param>
/// <param name="EntriesNotRecorded">Entries of symbols beyond <paramref name="MaxSymbols"/>, counted and not kept.</param>
/// <param name="BadQueries">Timeline queries refused as bad requests.</param>
public sealed record SymbolTimelineStatistics(
    double WindowSeconds,
    int PerSymbolCap,
    int MaxSymbols,
    int BytesPerEntry,
    long BudgetBytes,
    int Symbols,
    long Entries,
    long BytesHeld,
    long EntriesRecorded,
    long EntriesEvictedByWindow,
    long EntriesEvictedByCap,
    long EntriesNotRecorded,
    long BadQueries);
