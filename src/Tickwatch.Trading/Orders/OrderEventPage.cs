namespace Tickwatch.Trading.Orders;

/// <summary>One read of an account's order events (<see cref="IOrderEventStream.ReadSinceAsync"/>).</summary>
/// <param name="Events">The events after the asked sequence number, oldest first, each with its <see cref="OrderAnnouncement.Seq"/>; empty on a reset.</param>
/// <param name="FirstRetained">The oldest sequence number still held; 0 when none is.</param>
/// <param name="Last">The account's latest sequence number; 0 before its first order event.</param>
/// <param name="Reset">
/// Events after the asked number are no longer held (or the number is beyond <see cref="Last"/>, which a store that lost
/// data answers): the reader cannot be brought up to date event by event and must reload the orders.
/// </param>
public sealed record OrderEventPage(IReadOnlyList<OrderAnnouncement> Events, long FirstRetained, long Last, bool Reset)
{
    /// <summary>Whether events after this page's last one remain to be read (the page was cut at its maximum).</summary>
    public bool HasMore => !Reset && Events.Count > 0 && Events[^1].Seq < Last;

    /// <summary>The page the rule of every store gives: a reset when an event after <paramref name="sinceSeq"/> is not held.</summary>
    /// <param name="sinceSeq">The last number the reader holds.</param>
    /// <param name="firstRetained">The oldest number held, 0 when none.</param>
    /// <param name="last">The account's latest number.</param>
    /// <param name="events">The held events after <paramref name="sinceSeq"/>, oldest first.</param>
    public static OrderEventPage Of(long sinceSeq, long firstRetained, long last, IReadOnlyList<OrderAnnouncement> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var missing = sinceSeq > last || (sinceSeq < last && (firstRetained == 0 || sinceSeq + 1 < firstRetained));
        return missing ? new OrderEventPage([], firstRetained, last, Reset: true) : new OrderEventPage(events, firstRetained, last, Reset: false);
    }
}
