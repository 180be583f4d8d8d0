namespace Tickwatch.Core.Trading;

/// <summary>
/// When a resting order or a stop fires, on the price it would execute at: BUY_LIMIT and SELL_STOP when that price
/// comes down to theirs, BUY_STOP and SELL_LIMIT when it comes up to theirs; a BUY position's stop-loss when its
/// closing price falls to it and its take-profit when it rises to it, the other way round for a SELL.
/// </summary>
public static class TriggerRule
{
    /// <summary>True when a pending order of <paramref name="type"/> at <paramref name="triggerPrice"/> fires at <paramref name="executionPrice"/> (its opening price).</summary>
    public static bool PendingFires(OrderType type, decimal triggerPrice, decimal executionPrice) => type switch
    {
        OrderType.BuyLimit or OrderType.SellStop => executionPrice <= triggerPrice,
        OrderType.BuyStop or OrderType.SellLimit => executionPrice >= triggerPrice,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only pending order types have a trigger."),
    };

    /// <summary>True when the stop-loss of a <paramref name="side"/> position fires at <paramref name="closePrice"/>.</summary>
    public static bool StopLossFires(TradeSide side, decimal stopLoss, decimal closePrice) =>
        side == TradeSide.Buy ? closePrice <= stopLoss : closePrice >= stopLoss;

    /// <summary>True when the take-profit of a <paramref name="side"/> position fires at <paramref name="closePrice"/>.</summary>
    public static bool TakeProfitFires(TradeSide side, decimal takeProfit, decimal closePrice) =>
        side == TradeSide.Buy ? closePrice >= takeProfit : closePrice <= takeProfit;

    /// <summary>
    /// True when a pending price sits where it may rest: a limit better than the current opening price, a stop worse.
    /// A price that would fire at once is refused (<see cref="RefusalReason.InvalidPrice"/>) rather than filled by surprise.
    /// </summary>
    public static bool PendingPriceRests(OrderType type, decimal triggerPrice, decimal executionPrice) =>
        triggerPrice > 0m && !PendingFires(type, triggerPrice, executionPrice);

    /// <summary>True when a stop-loss may be placed for a <paramref name="side"/> position now closing at <paramref name="closePrice"/>: below it for a BUY, above for a SELL.</summary>
    public static bool StopLossRests(TradeSide side, decimal stopLoss, decimal closePrice) =>
        stopLoss > 0m && !StopLossFires(side, stopLoss, closePrice);

    /// <summary>True when a take-profit may be placed: above the closing price for a BUY, below for a SELL.</summary>
    public static bool TakeProfitRests(TradeSide side, decimal takeProfit, decimal closePrice) =>
        takeProfit > 0m && !TakeProfitFires(side, takeProfit, closePrice);
}
