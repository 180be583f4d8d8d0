using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>A client's request to change a position's stop-loss or take-profit, or a pending order's price; null leaves a value, 0 removes a stop.</summary>
/// <param name="Account">The account.</param>
/// <param name="OrderId">The order.</param>
/// <param name="IdempotencyKey">The client's key for this change.</param>
/// <param name="StopLoss">New stop-loss; 0 removes it.</param>
/// <param name="TakeProfit">New take-profit; 0 removes it.</param>
/// <param name="Price">New trigger price of a pending order.</param>
public sealed record ModifyOrder(AccountId Account, string OrderId, string IdempotencyKey, decimal? StopLoss = null, decimal? TakeProfit = null, decimal? Price = null);
