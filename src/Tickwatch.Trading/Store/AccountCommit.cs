using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Store;

/// <summary>
/// One atomic change of one account: written only if the account is still at <see cref="ExpectedRevision"/> and the
/// idempotency key is new; orders, balance, outbox and the answer to a repeat go in together or not at all.
/// </summary>
public sealed record AccountCommit
{
    public required AccountId Account { get; init; }

    /// <summary>The revision the change was computed from (margin, prices, orders).</summary>
    public required long ExpectedRevision { get; init; }

    /// <summary>Orders created or changed; an order that became final leaves the active set.</summary>
    public IReadOnlyList<Order> Orders { get; init; } = [];

    /// <summary>Added to the wallet balance (realised P&amp;L, commission).</summary>
    public decimal BalanceChange { get; init; }

    public IReadOnlyList<TradingEvent> Events { get; init; } = [];

    /// <summary>The client's key; a later commit with the same key is answered with <see cref="Result"/> instead.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The answer to the request, kept under the idempotency key.</summary>
    public string? Result { get; init; }

    /// <summary>A stop-out's fence: when set, the commit is written only while this fence still holds the account's stop-out lock.</summary>
    public StopOutFence? Fence { get; init; }
}
