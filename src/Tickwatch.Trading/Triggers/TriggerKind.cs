namespace Tickwatch.Trading.Triggers;

/// <summary>What a trigger does when the market crosses it: fill a pending order, or close a position at its stop-loss or take-profit.</summary>
public enum TriggerKind
{
    /// <summary>A BUY/SELL LIMIT or STOP order resting until its opening price crosses its price.</summary>
    Pending,

    /// <summary>An open position's stop-loss, on its closing price.</summary>
    StopLoss,

    /// <summary>An open position's take-profit, on its closing price.</summary>
    TakeProfit,
}
