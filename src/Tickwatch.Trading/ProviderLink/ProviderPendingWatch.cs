namespace Tickwatch.Trading.ProviderLink;

/// <summary>A resting provider order the pending monitor watches, in <c>/api/debug/provider</c> → <c>.pending_monitor.watched_orders</c>.</summary>
/// <param name="OrderId">The resting order.</param>
/// <param name="Account">The account, as the wire writes it.</param>
/// <param name="CancelUsed">True when the order has had its one cancel from the monitor (the provider refused it): it is not cancelled again.</param>
/// <param name="HeldFor">Why the monitor holds it now (<see cref="ProviderPendingHold"/> reason), or null.</param>
public sealed record ProviderPendingWatch(string OrderId, string Account, bool CancelUsed, string? HeldFor);
