using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>One message of the provider link (reference-system.md §4), in either direction; see <see cref="ProviderMessageCodec"/> for the wire.</summary>
public abstract record ProviderMessage
{
    /// <summary>
    /// The sender's unique id of this request (<c>cl_ord_id</c>), the link's idempotency key: the gateway answers a
    /// repeated one with the reports it already sent for it, so a request can be re-sent safely after a reconnect.
    /// A report carries the id of the request it answers.
    /// </summary>
    public required string ClientOrderId { get; init; }

    /// <summary>The trading engine's order id (the position's id for a close).</summary>
    public required string OrderId { get; init; }

    public required AccountId Account { get; init; }

    public required string Symbol { get; init; }
}
