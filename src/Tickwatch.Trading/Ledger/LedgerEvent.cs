using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// One change for the ledger, as the writer makes it from an outbox entry: exactly one of an order's new state, a
/// balance change, an account's configuration or an AutoCutoff decision, under its <see cref="LedgerEventId"/>.
/// </summary>
/// <remarks>
/// An order event carries the order as it is after the change (the outbox payload); the ledger compares it with the
/// state it holds to record the fill or close deal and the balance operations of what was realised.
/// </remarks>
public sealed record LedgerEvent
{
    public required LedgerEventId Id { get; init; }

    /// <summary>The outbox's kind: <c>order_placed</c>, <c>order_filled</c>, <c>order_closed</c>, <c>balance_changed</c>, ...</summary>
    public required string Kind { get; init; }

    /// <summary>When the change was committed; statements and histories are ranged by it.</summary>
    public required DateTimeOffset At { get; init; }

    public Order? Order { get; init; }

    public BalanceChange? Balance { get; init; }

    /// <summary>The account's configuration; its wallet balance is ignored, since the balance moves only by operations.</summary>
    public TradingAccount? Account { get; init; }

    public AutoCutoffDecision? AutoCutoff { get; init; }

    public static LedgerEvent OfOrder(LedgerEventId id, string kind, DateTimeOffset at, Order order) =>
        new() { Id = id, Kind = kind, At = at, Order = order };

    public static LedgerEvent OfBalance(LedgerEventId id, DateTimeOffset at, BalanceChange change) =>
        new() { Id = id, Kind = "balance_changed", At = at, Balance = change };

    public static LedgerEvent OfAccount(LedgerEventId id, DateTimeOffset at, TradingAccount account) =>
        new() { Id = id, Kind = "account_changed", At = at, Account = account };

    public static LedgerEvent OfAutoCutoff(LedgerEventId id, DateTimeOffset at, AutoCutoffDecision decision) =>
        new() { Id = id, Kind = "autocutoff_decided", At = at, AutoCutoff = decision };

    /// <summary>Why the event cannot be recorded, or null when it can.</summary>
    public string? Problem()
    {
        var parts = (Order is null ? 0 : 1) + (Balance is null ? 0 : 1) + (Account is null ? 0 : 1) + (AutoCutoff is null ? 0 : 1);
        if (parts != 1)
        {
            return $"event {Id} ({Kind}) carries {parts} changes; exactly one of an order, a balance change, an account or an AutoCutoff decision is expected";
        }

        if (string.IsNullOrWhiteSpace(Kind))
        {
            return $"event {Id} has no kind";
        }

        if (Id.Revision <= 0 || Id.Index < 0)
        {
            return $"event {Id} has no valid revision and index";
        }

        if (Order is { } order && (order.Account != Id.Account || string.IsNullOrEmpty(order.Id)))
        {
            return $"event {Id} carries order '{order.Id}' of {order.Account}";
        }

        if (Account is { } account && account.Id != Id.Account)
        {
            return $"event {Id} carries the configuration of {account.Id}";
        }

        return Balance switch
        {
            { Kind: BalanceOperationKind.Deposit, Amount: <= 0m } => $"event {Id} deposits {Balance.Amount}; a deposit is positive",
            { Kind: BalanceOperationKind.Withdrawal, Amount: >= 0m } => $"event {Id} withdraws {Balance.Amount}; a withdrawal is negative",
            _ => null,
        };
    }
}
