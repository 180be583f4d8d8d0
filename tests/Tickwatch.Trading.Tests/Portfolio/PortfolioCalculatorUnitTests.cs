using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Portfolio;
using static Tickwatch.Trading.Tests.Portfolio.PortfolioDesk;

namespace Tickwatch.Trading.Tests.Portfolio;

/// <summary>The portfolio calculator on the in-memory stores with fake time: golden figures, crosses, freezes, bursts and recompute requests.</summary>
public sealed class PortfolioCalculatorUnitTests
{
    [Fact]
    public async Task A_price_change_reaches_every_holders_margin_level_with_the_golden_figures()
    {
        await using var desk = new PortfolioDesk();
        await desk.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        // BUY 1 lot at 1.08520 + 0.00005 = 1.08525, commission 7 (PortfolioMathUnitTests' case, no swap).
        await desk.Buy(Alice, 1m);
        await desk.Buy(Bob, 1m);
        desk.Price("EURUSD", 1.08600m, 1.08620m);

        foreach (var account in new[] { Alice, Bob })
        {
            // Closes at 1.08600 − 0.00005 = 1.08595: +70.00, net 63.00; margin 1085.25; level 10063 / 1085.25 × 100.
            var portfolio = (await desk.PortfolioWhen(account, p => p.OpenPnl == 70.00m, $"{account} valued at 1.08600"))!;
            Assert.Equal("ok", portfolio.CalcStatus);
            Assert.Equal(10_000m, portfolio.Balance);
            Assert.Equal(70.00m, portfolio.OpenPnl);
            Assert.Equal(63.00m, portfolio.TotalPnl);
            Assert.Equal(10_063.00m, portfolio.Equity);
            Assert.Equal(1085.25m, portfolio.UsedMargin);
            Assert.Equal(1085.25m, portfolio.UsedMarginExecuted);
            Assert.Equal(8977.75m, portfolio.FreeMargin);
            Assert.Equal(927.25m, portfolio.MarginLevel);
            Assert.Equal(desk.Book.GetQuote("EURUSD")!.BookSequence, portfolio.QuoteSequences["EURUSD"]);
        }

        var statistics = desk.Calculator.GetStatistics();
        Assert.Equal(("running", 2, 1), (statistics.State, statistics.AccountsTracked, statistics.SymbolsWatched));
        Assert.Empty(statistics.DegradedPortfolios);
        var holders = await desk.Portfolios.ReadHoldersAsync(["EURUSD"], default);
        Assert.Equal(new HashSet<AccountId> { Alice, Bob }, holders["EURUSD"]);
    }

    [Fact]
    public async Task A_move_of_the_conversion_cross_alone_revalues_a_yen_position()
    {
        await using var desk = new PortfolioDesk();
        await desk.StartAsync();
        desk.Price("USDJPY", 151.600m, 151.620m);
        desk.Price("EURJPY", 163.000m, 163.020m);
        await desk.Buy(Alice, 1m, "EURJPY");

        // Opened at 163.025; closes at 163.500 − 0.005: 47,000 JPY ÷ USDJPY's mid 151.61; margin 163,025 JPY ÷ 151.61.
        desk.Price("EURJPY", 163.500m, 163.520m);
        var before = (await desk.PortfolioWhen(Alice, p => p.OpenPnl == 310.01m, "the yen profit at USDJPY 151.61"))!;
        Assert.Equal(1075.29m, before.UsedMargin);

        // Only the cross moves: 47,000 ÷ 155.01 and 163,025 ÷ 155.01.
        desk.Price("USDJPY", 155.000m, 155.020m);
        var after = (await desk.PortfolioWhen(Alice, p => p.OpenPnl == 303.21m, "the yen profit at USDJPY 155.01"))!;
        Assert.Equal(1051.71m, after.UsedMargin);
        Assert.Equal(10_000m + 303.21m - 7m, after.Equity);
        Assert.Equal(desk.Book.GetQuote("USDJPY")!.BookSequence, after.QuoteSequences["USDJPY"]);

        // The cross is what it needs, not what it holds.
        var holders = await desk.Portfolios.ReadHoldersAsync(["EURJPY", "USDJPY"], default);
        Assert.Equal([Alice], holders["EURJPY"]);
        Assert.False(holders.ContainsKey("USDJPY"));
    }

    [Fact]
    public async Task A_feed_freeze_degrades_the_portfolio_naming_the_symbol_and_a_fresh_price_restores_it()
    {
        await using var desk = new PortfolioDesk();
        await desk.StartAsync();
        await desk.AliceValuedAsync();

        // No price for longer than the 2 s execution age: the sweep finds it.
        desk.Time.Advance(TimeSpan.FromSeconds(3));
        var degraded = (await desk.PortfolioWhen(Alice, p => p.IsDegraded, "degraded"))!;
        Assert.Equal("degraded", degraded.CalcStatus);
        Assert.Equal(RefusalReason.StalePrice, degraded.DegradedSymbols["EURUSD"]);
        Assert.Equal("EURUSD:STALE_PRICE", degraded.DegradedText());
        Assert.Equal(10_000m, degraded.Balance);
        Assert.Equal((null, null, null, null, null), (degraded.Equity, degraded.FreeMargin, degraded.UsedMargin, degraded.MarginLevel, degraded.OpenPnl));
        Assert.Equal(new DegradedPortfolio("live:42", "EURUSD:STALE_PRICE"), Assert.Single(desk.Calculator.GetStatistics().DegradedPortfolios));
        Assert.Equal(1, desk.Calculator.DegradedCount);
        Assert.True(desk.Logs.Contains("EURUSD refused for valuation (STALE_PRICE)"), desk.Logs.ToString());

        desk.Price("EURUSD", 1.08700m, 1.08720m);
        var restored = (await desk.PortfolioWhen(Alice, p => !p.IsDegraded, "restored"))!;
        Assert.Equal((170.00m, 10_163.00m, 936.47m), (restored.OpenPnl, restored.Equity, restored.MarginLevel));
        Assert.Empty(desk.Calculator.GetStatistics().DegradedPortfolios);
    }

    [Fact]
    public async Task A_missing_side_or_margin_level_is_never_read_as_zero()
    {
        // Reference defect 4: a partial update's missing side read as 0 showed a BUY a huge loss; a missing margin level read as 0.
        await using var desk = new PortfolioDesk();
        await desk.StartAsync();
        await desk.AliceValuedAsync();

        // Only the bid moves: the book keeps the ask, and the position closes at 1.08610 − 0.00005.
        desk.Book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = 1.08610m, Feed = "json", ReceivedAt = desk.Time.GetUtcNow() });
        var partial = (await desk.PortfolioWhen(Alice, p => p.OpenPnl != 70.00m, "valued on the partial update"))!;
        Assert.Equal(80.00m, partial.OpenPnl);

        // Bob holds nothing but is asked for: no margin used, so no margin level at all (not 0, which is a stop-out).
        await desk.Portfolios.RequestRecalcAsync([Bob], default);
        var empty = (await desk.PortfolioWhen(Bob, _ => true, "Bob's portfolio"))!;
        Assert.Equal((10_000m, 10_000m, 0m), (empty.Equity, empty.FreeMargin, empty.UsedMargin));
        Assert.Null(empty.MarginLevel);
    }

    [Fact]
    public async Task A_burst_of_a_thousand_quotes_computes_each_account_far_fewer_times_and_ends_on_the_last_quote()
    {
        var gated = new GatedPortfolioStore();
        await using var desk = new PortfolioDesk(gated);
        await desk.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);
        await desk.Buy(Alice, 1m);
        await desk.PortfolioWhen(Alice, _ => true, "valued");
        await desk.Settled();
        var before = desk.Calculator.GetStatistics();

        // The consumer is held writing the first quote's portfolio while the other 999 arrive.
        gated.Close();
        desk.Price("EURUSD", 1.08500m, 1.08520m + 0.00001m);
        await Eventually.UntilAsync(() => gated.Waiting == 1, "a write is held");
        for (var i = 2; i <= 1_000; i++)
        {
            desk.Price("EURUSD", 1.08500m + (i * 0.00001m), 1.08520m + (i * 0.00001m));
        }

        gated.Open();
        await desk.Settled();

        // The last quote 1.09500/1.09520 closes at 1.09495: +970.00.
        var portfolio = (await desk.Portfolios.ReadAsync(Alice, default))!;
        Assert.Equal(970.00m, portfolio.OpenPnl);
        Assert.Equal(desk.Book.GetQuote("EURUSD")!.BookSequence, portfolio.QuoteSequences["EURUSD"]);
        var after = desk.Calculator.GetStatistics();
        Assert.InRange(after.Recomputes - before.Recomputes, 2, 3);
        Assert.True(after.QuoteConflations - before.QuoteConflations >= 998, $"{after.QuoteConflations - before.QuoteConflations} conflations");
    }

    [Fact]
    public async Task A_recompute_request_reads_a_named_user_again()
    {
        await using var desk = new PortfolioDesk();
        await desk.StartAsync();
        await desk.AliceValuedAsync();

        // A deposit written beside the engine (an admin route) tells no observer; the request does.
        var account = (await desk.Store.ReadAccountAsync(Alice, default))!.Account;
        await desk.Store.PutAccountAsync(account with { WalletBalance = 20_000m }, default);
        await desk.Portfolios.RequestRecalcAsync([Alice], default);

        var portfolio = (await desk.PortfolioWhen(Alice, p => p.Balance == 20_000m, "the new balance"))!;
        Assert.Equal((20_063.00m, 1848.70m), (portfolio.Equity, portfolio.MarginLevel));
        Assert.Equal(1, desk.Calculator.GetStatistics().RecalcRequests);
    }

    [Fact]
    public async Task At_start_it_loads_the_accounts_with_orders_corrects_the_holders_and_says_it_listens()
    {
        var desk = new PortfolioDesk();
        desk.Price("EURUSD", 1.08500m, 1.08520m);
        await desk.Buy(Alice, 1m);

        // A holder left behind by a crash between a close and its removal.
        await desk.Portfolios.AddHolderAsync(Bob, ["GBPUSD"], default);
        await using (desk)
        {
            await desk.StartAsync();

            const string Listening = "Portfolio calculator listening: every quote and committed order revalues its holders";
            Assert.Equal(1, desk.Logs.Count(Listening));
            var started = desk.Logs.Entries.Single(e => e.Message == Listening);
            Assert.Equal((Microsoft.Extensions.Logging.LogLevel.Information, 6200), (started.Level, started.EventId.Id));
            var holders = await desk.Portfolios.ReadHoldersAsync(["EURUSD", "GBPUSD"], default);
            Assert.Equal([Alice], holders["EURUSD"]);
            Assert.False(holders.ContainsKey("GBPUSD"));
            Assert.Equal(1, desk.Calculator.GetStatistics().AccountsTracked);
            Assert.NotNull(await desk.Portfolios.ReadAsync(Alice, default));
        }
    }

    [Fact]
    public async Task A_closed_position_leaves_the_holders_and_its_last_portfolio_is_the_balance()
    {
        await using var desk = new PortfolioDesk();
        await desk.StartAsync();
        await desk.AliceValuedAsync();
        var order = (await desk.Store.ReadAccountAsync(Alice, default))!.ActiveOrders.Single();

        await desk.Engine.CloseAsync(new Orders.CloseOrder(Alice, order.Id, "close"), default);

        var closed = (await desk.PortfolioWhen(Alice, p => p.UsedMargin == 0m, "valued after the close"))!;
        Assert.Equal((10_063.00m, 10_063.00m, null), (closed.Balance, closed.Equity, closed.MarginLevel));
        await desk.Settled();
        Assert.Empty(await desk.Portfolios.ReadHoldersAsync(["EURUSD"], default));
        Assert.Equal(0, desk.Calculator.GetStatistics().AccountsTracked);
    }

    [Fact]
    public async Task Holder_changes_of_many_accounts_in_one_pass_all_reach_the_store_and_a_failed_one_is_counted_and_retried()
    {
        var gated = new GatedPortfolioStore();
        var store = new HolderFaultPortfolioStore(gated);
        await using var desk = new PortfolioDesk(store);
        var accounts = Enumerable.Range(1, 300).Select(n => new AccountId(UserType.Live, 1000 + n)).ToArray();
        foreach (var id in accounts)
        {
            await desk.Store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default);
        }

        await desk.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        // The first buyer's pass waits at its write; the other 299 commits then come to the next pass together (two chunks of holder changes).
        gated.Close();
        await desk.Buy(accounts[0], 1m);
        await Eventually.UntilAsync(() => gated.Waiting > 0, "a pass waits at its write");
        store.FailNextHolderChange(accounts[7]);
        foreach (var id in accounts.Skip(1))
        {
            await desk.Buy(id, 1m);
        }

        gated.Open();
        await Eventually.UntilAsync(() => desk.Calculator.GetStatistics().HolderFailures == 1, "the failed holder change is counted");
        desk.Price("EURUSD", 1.08600m, 1.08620m);

        await Eventually.ValueAsync(
            () => desk.Portfolios.ReadHoldersAsync(["EURUSD"], default),
            h => h.TryGetValue("EURUSD", out var holders) && holders.SetEquals(accounts),
            "every buyer holds EURUSD in the store");
        await desk.Settled();
        Assert.Equal(1, desk.Calculator.GetStatistics().HolderFailures);
        Assert.Equal(300, desk.Calculator.GetStatistics().AccountsTracked);
    }

    [Fact]
    public async Task An_account_near_its_cutoff_level_is_written_and_announced_before_the_other_holders_are()
    {
        var gated = new GatedPortfolioStore();
        await using var desk = new PortfolioDesk(gated);
        var atRisk = new AccountId(UserType.Live, 900);
        var safe = Enumerable.Range(1, 20).Select(n => new AccountId(UserType.Live, 1000 + n)).Append(Bob).ToArray();
        foreach (var id in safe.SkipLast(1))
        {
            await desk.Store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default);
        }

        await desk.Store.PutAccountAsync(new TradingAccount { Id = atRisk, WalletBalance = 1_200m, Leverage = 100m, Group = "Standard" }, default);
        await desk.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);
        await desk.Buy(atRisk, 1m);
        foreach (var id in safe)
        {
            await desk.Buy(id, 1m);
        }

        // At 1.08420: 1,083 of equity on 1,085.25 of margin, under twice the 50 % cutoff level, not under the level itself.
        desk.Price("EURUSD", 1.08420m, 1.08440m);
        var before = (await desk.PortfolioWhen(atRisk, p => p.OpenPnl == -110m, "the at-risk account valued at 1.08420"))!;
        Assert.InRange(before.MarginLevel!.Value, 50m, PortfolioCalculator.AtRiskFactor * 50m);
        await desk.Settled();
        var observer = new RecordingPortfolioObserver();
        desk.Calculator.AddObserver(observer);

        // Every other holder's write waits: the at-risk account is announced while the pass is still under way.
        gated.Close(account => account != atRisk);
        desk.Price("EURUSD", 1.08400m, 1.08420m);
        await Eventually.UntilAsync(() => observer.Accounts.Count > 0, "the at-risk account is announced");

        Assert.Equal([atRisk], observer.Accounts);
        Assert.Equal(safe.Length, gated.Waiting);
        Assert.False(desk.Calculator.IsIdle);
        Assert.Equal(97.95m, Math.Round((await desk.Portfolios.ReadAsync(atRisk, default))!.MarginLevel!.Value, 2));

        gated.Open();
        await desk.Settled();
        Assert.Equal(atRisk, observer.Accounts[0]);
        Assert.Equal(new HashSet<AccountId>(safe), observer.Accounts.Skip(1).ToHashSet());
        Assert.Equal(safe.Length + 1, desk.Calculator.GetStatistics().LastPassAccounts);
    }

    [Fact]
    public async Task Without_an_account_near_its_level_a_pass_writes_every_holder_together_as_before()
    {
        var gated = new GatedPortfolioStore();
        await using var desk = new PortfolioDesk(gated);
        await desk.StartAsync();
        desk.Price("EURUSD", 1.08500m, 1.08520m);
        await desk.Buy(Alice, 1m);
        await desk.Buy(Bob, 1m);
        await desk.Settled();
        var observer = new RecordingPortfolioObserver();
        desk.Calculator.AddObserver(observer);

        gated.Close(account => account == Bob);
        desk.Price("EURUSD", 1.08400m, 1.08420m);
        await Eventually.UntilAsync(() => gated.Waiting == 1, "Bob's write waits");

        // Alice (over 900 %) is not at risk: she is announced with Bob, once the pass's writes are all done.
        Assert.Empty(observer.Accounts);
        gated.Open();
        await desk.Settled();
        Assert.Equal(new HashSet<AccountId> { Alice, Bob }, observer.Accounts.ToHashSet());
    }
}
