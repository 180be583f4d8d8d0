using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>A client's request to close a position, whole or in part.</summary>
/// <param name="Account">The account.</param>
/// <param name="OrderId">The position's order.</param>
/// <param name="IdempotencyKey">The client's key for this close.</param>
/// <param name="Volume">Lots to close; null closes the whole position.</param>
public sealed record CloseOrder(AccountId Account, string OrderId, string IdempotencyKey, decimal? Volume = null);
