using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// What an order's change means for the books, from its state before (as the ledger holds it) and after (the outbox
/// payload): the fill or close deal, and the balance operations of what was realised. One rule for both databases.
/// </summary>
internal static class LedgerChanges
{
    /// <summary>The close reason AutoCutoff gives the positions it closes: their result is booked as a stop-out.</summary>
    public const string StopOutReason = "stop_out";

    public static IReadOnlyList<(DealKind Kind, TradeSide Side, decimal Volume, decimal Price, decimal Profit, QuoteLineage? Quote)> DealsOf(Order? before, Order after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var deals = new List<(DealKind, TradeSide, decimal, decimal, decimal, QuoteLineage?)>(2);
        if (before?.OpenPrice is null && after.OpenPrice is { } openPrice)
        {
            deals.Add((DealKind.Fill, after.Side, after.Volume, openPrice, 0m, after.OpenQuote));
        }
        else if (PartFilled(before, after) is { } part)
        {
            deals.Add((DealKind.Fill, after.Side, part.Volume, part.Price, 0m, after.OpenQuote));
        }

        if (after.ClosePrice is { } closePrice && ClosedVolume(before, after) is { } closed)
        {
            var closingSide = after.Side == TradeSide.Buy ? TradeSide.Sell : TradeSide.Buy;
            deals.Add((DealKind.Close, closingSide, closed, closePrice, Realised(before, after), after.CloseQuote));
        }

        return deals;
    }

    /// <summary>
    /// The realised result split into profit, swap and commission (each left out when 0); they add up to the change of
    /// the order's realised profit, which is what the trading store added to the balance.
    /// </summary>
    public static IReadOnlyList<(BalanceOperationKind Kind, decimal Amount)> OperationsOf(Order? before, Order after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var realised = Realised(before, after);
        if (realised == 0m)
        {
            return [];
        }

        // Swap and commission leave the order as they are realised; without the state before, the split is unknown.
        var swap = before is null ? 0m : before.Swap - after.Swap;
        var commission = before is null ? 0m : before.Commission - after.Commission;
        var profit = realised - swap + commission;
        var profitKind = string.Equals(after.CloseReason, StopOutReason, StringComparison.Ordinal) ? BalanceOperationKind.StopOut : BalanceOperationKind.RealisedProfit;
        var operations = new List<(BalanceOperationKind, decimal)>(3);
        if (profit != 0m)
        {
            operations.Add((profitKind, profit));
        }

        if (swap != 0m)
        {
            operations.Add((BalanceOperationKind.Swap, swap));
        }

        if (commission != 0m)
        {
            operations.Add((BalanceOperationKind.Commission, -commission));
        }

        return operations;
    }

    /// <summary>
    /// A later partial fill of a provider order: the position grew while its order was still being filled. Its lots are
    /// the growth; its price is what the two weighted averages imply (to 8 places, as the provider's average is rounded).
    /// </summary>
    private static (decimal Volume, decimal Price)? PartFilled(Order? before, Order after)
    {
        // Only a fill grows an open position (closes shrink it); the ledger's rows do not keep the working part, so it is not asked.
        if (before is not { OpenPrice: { } beforePrice } || after.OpenPrice is not { } afterPrice || after.Volume <= before.Volume || OrderTypeRules.IsFinal(after.Status))
        {
            return null;
        }

        var volume = after.Volume - before.Volume;
        return (volume, Math.Round(((afterPrice * after.Volume) - (beforePrice * before.Volume)) / volume, 8));
    }

    private static decimal Realised(Order? before, Order after) => after.RealisedProfit - (before?.RealisedProfit ?? 0m);

    private static decimal? ClosedVolume(Order? before, Order after)
    {
        var wasFinal = before is not null && OrderTypeRules.IsFinal(before.Status);
        if (!wasFinal && after.Status is OrderStatus.Closed or OrderStatus.StopLoss or OrderStatus.TakeProfit)
        {
            // A whole close leaves the order's volume as it was: all of it closed.
            return after.Volume;
        }

        return before is not null && !OrderTypeRules.IsFinal(after.Status) && after.Volume < before.Volume ? before.Volume - after.Volume : null;
    }
}
