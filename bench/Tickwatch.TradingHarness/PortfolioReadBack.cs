using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.TradingHarness;

/// <summary>Reads stored portfolios back from the store (Redis: <c>HGETALL user_portfolio:{live:N}</c>) and checks each against the account's positions.</summary>
internal static class PortfolioReadBack
{
    public static async Task<ReadBackFigures> RunAsync(ITradingStore store, IPortfolioStore portfolios, TimeProvider time, int count, int accounts, CancellationToken cancellationToken)
    {
        int missing = 0, degraded = 0, withoutLevel = 0, withoutSequence = 0;
        var ages = new List<double>(count);
        var step = Math.Max(1, accounts / Math.Max(1, count));
        var numbers = Enumerable.Range(0, Math.Min(count, accounts)).Select(i => 1 + (i * step)).ToList();
        foreach (var number in numbers)
        {
            var account = BookSetup.Account(number);
            var state = await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false);
            var portfolio = await portfolios.ReadAsync(account, cancellationToken).ConfigureAwait(false);
            if (portfolio is null || state is null)
            {
                missing++;
                continue;
            }

            ages.Add((time.GetUtcNow() - portfolio.ComputedAt).TotalMilliseconds);
            if (portfolio.IsDegraded)
            {
                degraded++;
            }
            else if (portfolio.MarginLevel is null)
            {
                withoutLevel++;
            }

            if (state.ActiveOrders.Any(o => !portfolio.QuoteSequences.ContainsKey(o.Symbol)))
            {
                withoutSequence++;
            }
        }

        ages.Sort();
        return new ReadBackFigures(
            numbers.Count,
            missing,
            degraded,
            withoutLevel,
            withoutSequence,
            ages.Count == 0 ? double.NaN : ages[ages.Count / 2],
            ages.Count == 0 ? double.NaN : ages[^1]);
    }
}
