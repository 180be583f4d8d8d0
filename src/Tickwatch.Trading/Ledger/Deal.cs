using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Ledger;

/// <summary>One execution: a fill or a close of a position, at its price, with the quote it came from.</summary>
/// <param name="Event">The event that recorded it.</param>
/// <param name="OrderId">The order (position) it executed.</param>
/// <param name="Kind">Fill or close.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Side">The side executed: a close of a BUY is a SELL.</param>
/// <param name="Volume">Lots executed.</param>
/// <param name="Price">The execution price, half spread included.</param>
/// <param name="Profit">The realised profit of a close (swap and commission included), account currency; 0 for a fill.</param>
/// <param name="Quote">The quote it used, when known.</param>
/// <param name="At">When it was recorded.</param>
public sealed record Deal(
    LedgerEventId Event, string OrderId, DealKind Kind, string Symbol, TradeSide Side, decimal Volume, decimal Price, decimal Profit, QuoteLineage? Quote, DateTimeOffset At)
{
    /// <summary>Its place among its event's deals (a fill and a close can share one event).</summary>
    public int Row { get; init; }

    /// <summary>Where a page ending with this deal ends.</summary>
    public LedgerCursor Cursor => new(Event.Revision, Event.Index, Row);
}
