using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Engine;

/// <summary>An order as the portfolio formulas see it: an open position at its entry, or a resting order at its trigger.</summary>
public static class PortfolioPositions
{
    public static PortfolioPosition Of(Order order, GroupSymbolTerms terms)
    {
        ArgumentNullException.ThrowIfNull(order);
        var resting = OrderTypeRules.IsResting(order.Status) || order.Status == OrderStatus.Queued;
        // A market order queued at the provider has no fill yet: its margin stands at the price it was sent at.
        var price = resting ? order.PendingPrice ?? order.OpenPrice ?? SentAt(order) ?? 0m : order.OpenPrice ?? 0m;
        return new PortfolioPosition(order.Id, order.Side, order.Volume, price, terms, resting, order.Swap, order.Commission);
    }

    /// <summary>
    /// Adds the order as the portfolio formulas see it and, for a provider order filled in part, the part still working
    /// at the provider as a resting order at the price it was sent at: its margin stays reserved until filled or cancelled.
    /// </summary>
    public static void AddTo(ICollection<PortfolioPosition> positions, Order order, GroupSymbolTerms terms)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(order);
        positions.Add(Of(order, terms));
        if (order.WorkingVolume is { } working && working > 0m && OrderTypeRules.IsOpenPosition(order.Status))
        {
            var price = order.PendingPrice ?? SentAt(order) ?? order.OpenPrice ?? 0m;
            positions.Add(new PortfolioPosition(order.Id, order.Side, working, price, terms, IsResting: true));
        }
    }

    private static decimal? SentAt(Order order) => order.OpenQuote is { } quote
        ? ExecutionPricing.Open(order.Side, quote.Bid, quote.Ask, quote.HalfSpread ?? 0m)
        : null;
}
