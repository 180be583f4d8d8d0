namespace Tickwatch.Trading.Ledger;

/// <summary>Why an account's balance changed.</summary>
public enum BalanceOperationKind
{
    Deposit,
    Withdrawal,

    /// <summary>The profit or loss of a close (before swap and commission).</summary>
    RealisedProfit,

    /// <summary>Commission charged (negative) or refunded.</summary>
    Commission,

    /// <summary>Swap realised at a close, or booked by a rollover.</summary>
    Swap,

    /// <summary>The profit or loss of a close forced by AutoCutoff.</summary>
    StopOut,
}
