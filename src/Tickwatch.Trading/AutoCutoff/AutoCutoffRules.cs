using System.Globalization;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>
/// AutoCutoff's one rule: the margin level against the account's own levels (safe above its cutoff, a margin call down
/// to its liquidation level, a stop-out below it), and never on figures that are stale or missing: a degraded portfolio,
/// a margin level absent while margin is used (the reference read it as 0 and liquidated, defect 4), an old portfolio
/// or a stale price hold instead.
/// </summary>
public static class AutoCutoffRules
{
    public const string MissingPortfolio = "missing_portfolio";
    public const string DegradedPortfolio = "degraded_portfolio";
    public const string MissingMarginLevel = "missing_margin_level";
    public const string StalePortfolio = "stale_portfolio";
    public const string StalePrice = "stale_price";

    /// <summary>A stop-out's close asked of the liquidity provider got no report within its deadline.</summary>
    public const string ProviderCloseOutstanding = "provider_close_outstanding";

    /// <summary>The liquidity provider rejected a stop-out's close (its reason is in the detail); the next portfolio tries again.</summary>
    public const string ProviderRejected = "provider_rejected";

    /// <summary>A provider-routed position could not be closed: no link is connected, or the close could not be sent.</summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>Every hold reason, for counters that show each from the start.</summary>
    public static readonly IReadOnlyList<string> HoldReasons =
        [MissingPortfolio, DegradedPortfolio, MissingMarginLevel, StalePortfolio, StalePrice, ProviderCloseOutstanding, ProviderRejected, ProviderUnavailable];

    /// <summary>The verdict on a stored portfolio decided on at <paramref name="now"/>.</summary>
    public static AutoCutoffVerdict Decide(AccountPortfolio? portfolio, TradingAccount account, DateTimeOffset now, TimeSpan maxPortfolioAge)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (portfolio is null)
        {
            return AutoCutoffVerdict.Hold(MissingPortfolio, $"No portfolio of {account.Id} is known.");
        }

        if (portfolio.IsDegraded)
        {
            return AutoCutoffVerdict.Hold(DegradedPortfolio, $"The portfolio of {account.Id} is degraded ({portfolio.DegradedText()}): no margin level to act on.");
        }

        var age = now - portfolio.ComputedAt;
        if (age > maxPortfolioAge)
        {
            return AutoCutoffVerdict.Hold(
                StalePortfolio,
                $"The portfolio of {account.Id} is {Ms(age)} ms old; the limit is {Ms(maxPortfolioAge)} ms.");
        }

        return Classify(portfolio.Equity, portfolio.UsedMargin, portfolio.MarginLevel, account);
    }

    /// <summary>The verdict on a fresh valuation (a stop-out's re-reading after each close).</summary>
    public static AutoCutoffVerdict Decide(PortfolioValuation valuation, TradingAccount account)
    {
        ArgumentNullException.ThrowIfNull(valuation);
        ArgumentNullException.ThrowIfNull(account);
        if (valuation.IsDegraded)
        {
            var symbols = string.Join(',', valuation.DegradedSymbols.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + ":" + TradingWire.Of(d.Value)));
            var reason = valuation.DegradedSymbols.Values.All(r => r is RefusalReason.StalePrice or RefusalReason.MarketClosed) ? StalePrice : DegradedPortfolio;
            return AutoCutoffVerdict.Hold(reason, $"The margin of {account.Id} cannot be computed now ({symbols}).");
        }

        return Classify(valuation.Equity, valuation.UsedMargin, valuation.MarginLevel, account);
    }

    /// <summary>The zone of a margin level: above the cutoff safe, below the liquidation level a stop-out, else a margin call.</summary>
    public static AutoCutoffZone ZoneOf(decimal marginLevel, TradingAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (marginLevel > account.AutoCutoffLevel)
        {
            return AutoCutoffZone.Safe;
        }

        return marginLevel < account.AutoLiquidationLevel ? AutoCutoffZone.StopOut : AutoCutoffZone.MarginCall;
    }

    private static AutoCutoffVerdict Classify(decimal? equity, decimal? usedMargin, decimal? marginLevel, TradingAccount account)
    {
        if (equity is null || usedMargin is null)
        {
            return AutoCutoffVerdict.Hold(MissingMarginLevel, $"The portfolio of {account.Id} has no equity or used margin.");
        }

        if (usedMargin <= 0m)
        {
            return new AutoCutoffVerdict(AutoCutoffZone.Safe);
        }

        // Margin is used but the level is absent: never read as 0.
        return marginLevel is { } level
            ? new AutoCutoffVerdict(ZoneOf(level, account))
            : AutoCutoffVerdict.Hold(MissingMarginLevel, $"{account.Id} uses {usedMargin.Value.ToString(CultureInfo.InvariantCulture)} of margin but its margin level is missing.");
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
}
