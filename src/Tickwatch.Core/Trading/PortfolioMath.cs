namespace Tickwatch.Core.Trading;

/// <summary>
/// The portfolio formulas (reference-system.md §3), one definition for the calculator, the margin check of a new order
/// and AutoCutoff. Every quote comes through the price guard; a refused one degrades the portfolio instead of being
/// read as 0 or used old. Money in the account currency is rounded to the cent per position, then summed.
/// </summary>
public static class PortfolioMath
{
    /// <summary>Values <paramref name="positions"/> for an account with <paramref name="balance"/> and <paramref name="leverage"/>.</summary>
    /// <param name="balance">Wallet balance, account currency.</param>
    /// <param name="leverage">The account's leverage (100 for 1:100).</param>
    /// <param name="positions">Open positions and resting orders.</param>
    /// <param name="quote">The guarded quote of a symbol.</param>
    /// <param name="conversion">How a profit currency becomes the account currency; null when no cross is listed.</param>
    public static PortfolioValuation Value(
        decimal balance,
        decimal leverage,
        IReadOnlyList<PortfolioPosition> positions,
        Func<string, GuardedQuote> quote,
        Func<string, CurrencyConversion?> conversion)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(conversion);

        var degraded = new Dictionary<string, RefusalReason>(StringComparer.Ordinal);
        var quotes = new Dictionary<string, GuardedQuote>(StringComparer.Ordinal);
        GuardedQuote QuoteOf(string symbol)
        {
            if (!quotes.TryGetValue(symbol, out var guarded))
            {
                guarded = quote(symbol);
                quotes[symbol] = guarded;
                if (!guarded.IsUsable)
                {
                    degraded[symbol] = guarded.Refusal ?? RefusalReason.StalePrice;
                }
            }

            return guarded;
        }

        var valued = new List<PositionValuation>(positions.Count);
        var marginBySide = new Dictionary<(string Symbol, TradeSide Side), (decimal Executed, decimal All)>();
        decimal openPnl = 0m, swapAndCommission = 0m;
        foreach (var position in positions)
        {
            var own = QuoteOf(position.Symbol);
            if (conversion(position.Terms.ProfitCurrency) is not { } convert)
            {
                degraded[position.Symbol] = RefusalReason.UnknownSymbol;
                continue;
            }

            var cross = convert.Symbol is { } crossSymbol ? QuoteOf(crossSymbol) : own;
            if (!own.IsUsable || !cross.IsUsable)
            {
                continue;
            }

            var rate = cross.Usable;
            decimal ToAccount(decimal amount) => PositionMath.Money(convert.Apply(amount, rate.Bid, rate.Ask));

            var margin = ToAccount(PositionMath.Margin(position.Terms, position.Volume, position.Price, leverage));
            var key = (position.Symbol, position.Side);
            var (executed, all) = marginBySide.GetValueOrDefault(key);
            marginBySide[key] = position.IsResting ? (executed, all + margin) : (executed + margin, all + margin);
            if (position.IsResting)
            {
                continue;
            }

            var live = own.Usable;
            var close = ExecutionPricing.Close(position.Side, live.Bid, live.Ask, position.Terms.HalfSpread);
            var profit = ToAccount(PositionMath.Profit(position.Side, position.Price, close, position.Volume, position.Terms.ContractSize));
            var net = profit + position.Swap - position.Commission;
            openPnl += profit;
            swapAndCommission += position.Swap - position.Commission;
            valued.Add(new PositionValuation(position.OrderId, position.Symbol, close, profit, net, margin, live.BookSequence));
        }

        if (degraded.Count > 0)
        {
            return new PortfolioValuation { Balance = balance, DegradedSymbols = degraded };
        }

        decimal usedExecuted = 0m, usedAll = 0m;
        foreach (var symbol in marginBySide.Keys.Select(k => k.Symbol).Distinct(StringComparer.Ordinal))
        {
            var buy = marginBySide.GetValueOrDefault((symbol, TradeSide.Buy));
            var sell = marginBySide.GetValueOrDefault((symbol, TradeSide.Sell));
            usedExecuted += Math.Max(buy.Executed, sell.Executed);
            usedAll += Math.Max(buy.All, sell.All);
        }

        var total = openPnl + swapAndCommission;
        var equity = balance + total;
        return new PortfolioValuation
        {
            Balance = balance,
            DegradedSymbols = degraded,
            Equity = equity,
            OpenPnl = openPnl,
            TotalPnl = total,
            UsedMarginExecuted = usedExecuted,
            UsedMargin = usedAll,
            FreeMargin = equity - usedAll,
            MarginLevel = usedAll > 0m ? decimal.Round(equity / usedAll * 100m, 2, MidpointRounding.ToEven) : null,
            Positions = valued,
        };
    }
}
