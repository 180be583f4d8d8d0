using Tickwatch.Trading.Forensics;

namespace Tickwatch.Gateway.Forensics;

/// <summary>The answer of <c>GET /api/debug/forensics/shown/{account}</c>: what the gateway showed a user of a symbol over a window.</summary>
/// <param name="Account">The account, <c>live:42</c>.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="From">Start of the window asked for (by send time).</param>
/// <param name="To">End of the window asked for.</param>
/// <param name="HistoryStartsAt">When the oldest price still held for this user and symbol was sent; null when none is held. A window starting before it may miss prices shown then.</param>
/// <param name="Entries">The prices shown in the window, oldest first.</param>
public sealed record ShownPricesAnswer(
    string Account,
    string Symbol,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset? HistoryStartsAt,
    IReadOnlyList<ShownPrice> Entries);
