using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Ledger;

/// <summary>One line of an account's statement: a change of its balance and the balance after it.</summary>
/// <param name="Event">The event that made it.</param>
/// <param name="Kind">Why the balance changed.</param>
/// <param name="Amount">The signed change, account currency.</param>
/// <param name="BalanceAfter">The balance after it, in the ledger's order of events.</param>
/// <param name="OrderId">The order whose close made it, if any.</param>
/// <param name="Comment">What was said about it.</param>
/// <param name="At">When it happened.</param>
public sealed record BalanceOperation(
    LedgerEventId Event, BalanceOperationKind Kind, decimal Amount, decimal BalanceAfter, string? OrderId, string? Comment, DateTimeOffset At)
{
    public AccountId Account => Event.Account;
}
