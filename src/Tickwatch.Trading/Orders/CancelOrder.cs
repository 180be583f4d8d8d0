using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>A client's request to cancel a resting order.</summary>
/// <param name="Account">The account.</param>
/// <param name="OrderId">The pending order.</param>
/// <param name="IdempotencyKey">The client's key for this cancel.</param>
public sealed record CancelOrder(AccountId Account, string OrderId, string IdempotencyKey);
