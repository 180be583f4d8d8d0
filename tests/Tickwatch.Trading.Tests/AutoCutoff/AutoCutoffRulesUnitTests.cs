using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Trading.Tests.AutoCutoff;

/// <summary>The one rule: the account's own levels, and a hold (never an action) on missing or old figures.</summary>
public sealed class AutoCutoffRulesUnitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private static readonly TradingAccount Account = new()
    {
        Id = new AccountId(UserType.Live, 42),
        WalletBalance = 1_000m,
        Leverage = 100m,
        Group = "Standard",
        AutoCutoffLevel = 60m,
        AutoLiquidationLevel = 20m,
    };

    [Theory]
    [InlineData(60.01, AutoCutoffZone.Safe)]
    [InlineData(60, AutoCutoffZone.MarginCall)]
    [InlineData(35, AutoCutoffZone.MarginCall)]
    [InlineData(20, AutoCutoffZone.MarginCall)]
    [InlineData(19.99, AutoCutoffZone.StopOut)]
    [InlineData(0.5, AutoCutoffZone.StopOut)]
    public void The_margin_level_is_measured_against_the_accounts_own_levels(double level, AutoCutoffZone zone)
    {
        var verdict = AutoCutoffRules.Decide(Portfolio((decimal)level), Account, Now, MaxAge);

        Assert.Equal(new AutoCutoffVerdict(zone), verdict);
    }

    [Fact]
    public void The_reference_defaults_are_50_and_10_percent()
    {
        var account = Account with { AutoCutoffLevel = new TradingAccount { Id = Account.Id, WalletBalance = 0m, Leverage = 1m, Group = "g" }.AutoCutoffLevel, AutoLiquidationLevel = new TradingAccount { Id = Account.Id, WalletBalance = 0m, Leverage = 1m, Group = "g" }.AutoLiquidationLevel };

        Assert.Equal((50m, 10m), (account.AutoCutoffLevel, account.AutoLiquidationLevel));
        Assert.Equal(AutoCutoffZone.MarginCall, AutoCutoffRules.ZoneOf(11m, account));
        Assert.Equal(AutoCutoffZone.StopOut, AutoCutoffRules.ZoneOf(9.99m, account));
    }

    [Fact]
    public void No_used_margin_is_safe_whatever_the_equity()
    {
        var portfolio = Portfolio(null) with { UsedMargin = 0m, Equity = -5m };

        Assert.Equal(AutoCutoffZone.Safe, AutoCutoffRules.Decide(portfolio, Account, Now, MaxAge).Zone);
    }

    [Fact]
    public void A_margin_level_missing_while_margin_is_used_holds_and_is_never_read_as_0()
    {
        var verdict = AutoCutoffRules.Decide(Portfolio(null), Account, Now, MaxAge);

        Assert.Equal((AutoCutoffZone.Held, AutoCutoffRules.MissingMarginLevel), (verdict.Zone, verdict.HoldReason));
    }

    [Fact]
    public void A_degraded_portfolio_holds_and_names_its_symbols()
    {
        var portfolio = new AccountPortfolio
        {
            Account = Account.Id,
            Balance = 1_000m,
            ComputedAt = Now,
            DegradedSymbols = new Dictionary<string, RefusalReason> { ["EURUSD"] = RefusalReason.StalePrice },
        };

        var verdict = AutoCutoffRules.Decide(portfolio, Account, Now, MaxAge);

        Assert.Equal((AutoCutoffZone.Held, AutoCutoffRules.DegradedPortfolio), (verdict.Zone, verdict.HoldReason));
        Assert.Contains("EURUSD:STALE_PRICE", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_old_portfolio_holds_even_below_the_liquidation_level()
    {
        var verdict = AutoCutoffRules.Decide(Portfolio(5m) with { ComputedAt = Now - TimeSpan.FromSeconds(6) }, Account, Now, MaxAge);

        Assert.Equal((AutoCutoffZone.Held, AutoCutoffRules.StalePortfolio), (verdict.Zone, verdict.HoldReason));
    }

    [Fact]
    public void No_portfolio_holds()
    {
        Assert.Equal(AutoCutoffRules.MissingPortfolio, AutoCutoffRules.Decide(null, Account, Now, MaxAge).HoldReason);
    }

    [Fact]
    public void A_valuation_refused_for_a_stale_price_holds_as_stale_price()
    {
        var valuation = new PortfolioValuation { Balance = 1m, DegradedSymbols = new Dictionary<string, RefusalReason> { ["EURUSD"] = RefusalReason.StalePrice } };

        Assert.Equal(AutoCutoffRules.StalePrice, AutoCutoffRules.Decide(valuation, Account).HoldReason);
    }

    private static AccountPortfolio Portfolio(decimal? marginLevel) => new()
    {
        Account = Account.Id,
        Balance = 1_000m,
        ComputedAt = Now,
        Equity = 500m,
        UsedMargin = 1_000m,
        FreeMargin = -500m,
        MarginLevel = marginLevel,
    };
}
