using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Triggers;

/// <summary>Which trigger: an order has at most one of each <see cref="TriggerKind"/>; the symbol says where its index lives.</summary>
/// <param name="Symbol">The order's symbol (the index's hash tag on Redis).</param>
/// <param name="Kind">Pending fill, stop-loss or take-profit.</param>
/// <param name="Account">The order's account.</param>
/// <param name="OrderId">The order.</param>
public readonly record struct TriggerId(string Symbol, TriggerKind Kind, AccountId Account, string OrderId)
{
    public override string ToString() => Symbol + " " + TriggerWire.Of(Kind) + " " + Account + "|" + OrderId;
}
