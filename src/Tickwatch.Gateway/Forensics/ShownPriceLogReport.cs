namespace Tickwatch.Gateway.Forensics;

/// <summary>The answer of <c>GET /api/debug/forensics/shown</c>: how much the gateway remembers of what it showed, and what it let go of.</summary>
/// <param name="Enabled">Whether it records at all (<c>Gateway:Forensics:Enabled</c>).</param>
/// <param name="WindowSeconds">How long a price shown is remembered.</param>
/// <param name="PerSymbol">Most prices remembered per user and symbol.</param>
/// <param name="MaxUsers">Most users remembered.</param>
/// <param name="MaxBytes">Most bytes held, by the log's own accounting.</param>
/// <param name="BytesPerEntry">Bytes of one price remembered.</param>
/// <param name="Users">Users remembered now.</param>
/// <param name="Symbols">Distinct symbols among them.</param>
/// <param name="UserSymbols">Pairs of user and symbol (one ring each).</param>
/// <param name="EntriesHeld">Prices remembered now.</param>
/// <param name="BytesHeld">Bytes held now: slots allocated × bytes per entry, plus each ring's and user's overhead.</param>
/// <param name="EntriesRecorded">Prices recorded since start.</param>
/// <param name="EntriesEvicted">Prices let go of since start, by why.</param>
public sealed record ShownPriceLogReport(
    bool Enabled,
    double WindowSeconds,
    int PerSymbol,
    int MaxUsers,
    long MaxBytes,
    int BytesPerEntry,
    int Users,
    int Symbols,
    int UserSymbols,
    long EntriesHeld,
    long BytesHeld,
    long EntriesRecorded,
    ShownEvictions EntriesEvicted);
