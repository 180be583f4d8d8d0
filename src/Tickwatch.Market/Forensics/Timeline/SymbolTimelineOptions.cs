namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>How much of each symbol's price history the market service keeps in memory for forensics (section <c>Forensics</c>).</summary>
public sealed class SymbolTimelineOptions
{
    public const string SectionName = "Forensics";

    /// <summary>How far back a symbol's timeline reaches; older entries are dropped.</summary>
    public TimeSpan TimelineWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most entries kept per symbol, whichever bound bites first. At the quote hub's default rates a symbol records about 5.5
    /// entries per tick (two feeds' updates, a write and an announcement per quote not coalesced): the busiest standard
    /// symbol (BTCUSD, 20 ticks/s, about 110 entries/s) keeps about 75 s, so the endpoint's default minute is complete for every one.
    /// </summary>
    public int TimelinePerSymbol { get; set; } = 8_192;

    /// <summary>Most symbols with a timeline; updates of any further symbol are counted, not kept.</summary>
    public int TimelineSymbols { get; set; } = 128;

    /// <summary>The most the timelines can ever hold, in bytes: every symbol at its cap.</summary>
    public long BudgetBytes => (long)TimelineSymbols * TimelinePerSymbol * SymbolTimeline.BytesPerEntry;
}
