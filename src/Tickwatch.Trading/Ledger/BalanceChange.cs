namespace Tickwatch.Trading.Ledger;

/// <summary>A change of the balance that no order made: a deposit, a withdrawal, a swap rollover.</summary>
/// <param name="Kind">Why the balance changed.</param>
/// <param name="Amount">The signed change, account currency: a deposit is positive, a withdrawal negative.</param>
/// <param name="Comment">What the operator or payment system said about it.</param>
public sealed record BalanceChange(BalanceOperationKind Kind, decimal Amount, string? Comment = null);
