using System.Runtime.CompilerServices;

namespace Tickwatch.Trading.Orders;

/// <summary>
/// The event a store committed for an order instance, with its sequence number, kept beside that very instance so the
/// <see cref="OrderAnnouncer"/> announces exactly what the store wrote to the account's order events.
/// </summary>
/// <remarks>
/// The engine tells its observers of the instance it committed (<c>IOrderObserver</c> carries no commit outcome), so the
/// store attaches the event to the instance; a copy made with <c>with</c> is a new instance and has none until committed.
/// Held weakly: an order nobody references any more takes its event with it.
/// </remarks>
internal static class CommittedOrderEvents
{
    private static readonly ConditionalWeakTable<Order, OrderAnnouncement> Events = new();

    /// <summary>Attaches the committed event of <paramref name="order"/>; a later commit of the same instance replaces it.</summary>
    public static void Attach(Order order, OrderAnnouncement committed) => Events.AddOrUpdate(order, committed);

    /// <summary>The event the store committed for this instance, or null when it gave none.</summary>
    public static OrderAnnouncement? Of(Order order) => Events.TryGetValue(order, out var committed) ? committed : null;
}
