using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.AutoCutoff;

/// <summary>The watcher on the in-memory store and fake time: margin calls rate-limited, stop-out largest loss first to the right level, holds, locks and fences, and the ledger.</summary>
public sealed class AutoCutoffWatcherUnitTests : IAsyncLifetime
{
    private static readonly AccountId Alice = CutoffDesk.Alice;
    private readonly CutoffDesk _desk = new();

    public Task InitializeAsync() => _desk.OpenAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task A_margin_call_is_written_as_an_eml_file_once_per_3_hours_and_says_the_figures()
    {
        var watcher = _desk.Watcher();
        _desk.Equity(600m);

        await _desk.FeedAsync(watcher);
        var first = await Eventually.ValueAsync(() => Task.FromResult(_desk.Mails()), m => m.Length == 1, "the margin call is written");
        await _desk.FeedAsync(watcher);
        _desk.Time.Advance(TimeSpan.FromHours(2.9));
        _desk.Equity(600m);
        await _desk.FeedAsync(watcher);

        var text = await File.ReadAllTextAsync(first[0]);
        Assert.Contains("alice@example.com", text, StringComparison.Ordinal);
        Assert.Contains("Margin call on account live:42", text, StringComparison.Ordinal);
        Assert.Contains("25.47 %", text, StringComparison.Ordinal);
        Assert.Contains("600.00 USD", text, StringComparison.Ordinal);
        Assert.Contains("If the margin level falls below 10 %", text, StringComparison.Ordinal);
        Assert.Single(_desk.Mails());
        Assert.Equal(1, watcher.Mail.Written);
        Assert.Contains(_desk.Logs.Entries, e => e.EventId.Id == 7020 && e.Message.Contains(_desk.MailFolder, StringComparison.Ordinal));

        _desk.Time.Advance(TimeSpan.FromHours(0.2));
        _desk.Equity(600m);
        await _desk.FeedAsync(watcher);
        await Eventually.UntilAsync(() => _desk.Mails().Length == 2, "the second margin call after 3 hours");
        Assert.Equal(2, watcher.DecisionCounts()[AutoCutoffRecord.MarginCallSent]);
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.EurUsd)).Status);
    }

    [Fact]
    public async Task The_3_hour_limit_holds_across_a_restart_and_a_second_service_on_the_store()
    {
        var first = _desk.Watcher(owner: "a");
        _desk.Equity(600m);
        await _desk.FeedAsync(first);
        await Eventually.UntilAsync(() => _desk.Mails().Length == 1, "the margin call is written");

        var second = _desk.Watcher(owner: "b");
        await _desk.FeedAsync(second);

        Assert.Single(_desk.Mails());
        Assert.Equal(1, second.DecisionCounts()[AutoCutoffRecord.MarginCallSuppressed]);
        Assert.Equal(AutoCutoffRecord.MarginCallSuppressed, second.Report().Recent[0].Decision);
    }

    [Fact]
    public async Task A_stop_out_closes_the_largest_loser_first_and_stops_once_back_above_the_liquidation_level()
    {
        var watcher = _desk.Watcher();
        _desk.Equity(180m);
        var (before, _) = await _desk.PortfolioAsync();

        await _desk.FeedAsync(watcher);

        Assert.Equal(7.64m, before.MarginLevel);
        var eurusd = await _desk.OrderAsync(_desk.EurUsd);
        Assert.Equal((OrderStatus.Closed, "stop_out"), (eurusd.Status, eurusd.CloseReason));
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.GbpUsd)).Status);
        var (after, _) = await _desk.PortfolioAsync();
        Assert.Equal(14.17m, after.MarginLevel);
        Assert.Equal(1, watcher.Closes);
        var decisions = watcher.Report().Recent.Select(r => r.Decision).Reverse().ToArray();
        Assert.Equal([AutoCutoffRecord.StopOutStarted, AutoCutoffRecord.ClosePosition, AutoCutoffRecord.StopOutFinished], decisions);
        var close = watcher.Report().Recent.Single(r => r.Decision == AutoCutoffRecord.ClosePosition);
        Assert.Equal((_desk.EurUsd, 7.64m, 180m, 2355.50m, 10m), (close.OrderId, close.MarginLevel, close.Equity, close.UsedMargin, close.LiquidationLevel));
        Assert.Equal(["EURUSD", "GBPUSD"], close.PriceAgesMs.Keys);
        Assert.Null(await _desk.Locks.ReadStopOutLockAsync(Alice, default));
        Assert.Empty(watcher.Report().StopOuts);
    }

    [Fact]
    public async Task A_stop_out_on_the_calculators_output_closes_from_the_price_update_that_breaches_the_level()
    {
        var portfolios = new InMemoryPortfolioStore();
        var calculator = new PortfolioCalculator(_desk.Store, portfolios, _desk.Books[0], Options.Create(new TradingOptions()), _desk.Time, NullLogger<PortfolioCalculator>.Instance);
        using var stop = new CancellationTokenSource();
        var running = calculator.RunAsync(stop.Token);
        var watcher = _desk.Watcher(calculator: calculator);
        await Eventually.UntilAsync(() => calculator.IsIdle, "the calculator started");

        _desk.Equity(180m);

        await Eventually.UntilAsync(async () => (await _desk.OrderAsync(_desk.EurUsd)).Status == OrderStatus.Closed, "the stop-out closed EURUSD");
        await Eventually.UntilAsync(() => watcher.FirstCloseLatency.Count == 1 && watcher.IsIdle, "the first close is measured");
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.GbpUsd)).Status);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_stale_feed_holds_the_stop_out_counts_it_and_closes_nothing()
    {
        var watcher = _desk.Watcher();
        _desk.Equity(180m);
        var (portfolio, account) = await _desk.PortfolioAsync();
        _desk.Time.Advance(TimeSpan.FromSeconds(11));

        // A portfolio that claims to be fresh on prices that are not: the watcher checks the prices' age itself.
        watcher.OnPortfolio(portfolio with { ComputedAt = _desk.Time.GetUtcNow() }, account, null);
        await CutoffDesk.Settled(watcher);
        watcher.OnPortfolio(portfolio with { ComputedAt = _desk.Time.GetUtcNow() }, account, null);
        await CutoffDesk.Settled(watcher);

        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.EurUsd)).Status);
        Assert.Equal(1, watcher.HoldCounts()[AutoCutoffRules.StalePrice]);
        Assert.Equal(2, watcher.DecisionCounts()[AutoCutoffRecord.Held]);
        var held = Assert.Single(watcher.Report().Held);
        Assert.Equal(AutoCutoffRules.StalePrice, held.Reason);
        Assert.Contains("ms old", held.Detail, StringComparison.Ordinal);
        Assert.Equal(1, watcher.HeldAccounts);
        Assert.Single(_desk.Logs.Entries, e => e.EventId.Id == 7002);

        // Fresh prices again: it acts.
        _desk.Equity(180m);
        await _desk.FeedAsync(watcher);
        Assert.Equal(OrderStatus.Closed, (await _desk.OrderAsync(_desk.EurUsd)).Status);
        Assert.Equal(0, watcher.HeldAccounts);
    }

    [Fact]
    public async Task A_degraded_portfolio_or_a_missing_margin_level_holds_and_never_liquidates()
    {
        var watcher = _desk.Watcher();
        _desk.Equity(180m);
        _desk.Time.Advance(TimeSpan.FromSeconds(11));
        await _desk.FeedAsync(watcher);
        _desk.Equity(180m);
        await _desk.FeedAsync(watcher, change: p => p with { MarginLevel = null });

        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.EurUsd)).Status);
        Assert.Equal((1L, 1L), (watcher.HoldCounts()[AutoCutoffRules.DegradedPortfolio], watcher.HoldCounts()[AutoCutoffRules.MissingMarginLevel]));
        Assert.Equal(0, watcher.Closes);
    }

    [Fact]
    public async Task Two_watchers_on_two_engines_racing_on_one_account_liquidate_it_once()
    {
        await using var desk = new CutoffDesk(engines: 2);
        await desk.OpenAsync();
        var a = desk.Watcher(0, "a");
        var b = desk.Watcher(1, "b");
        desk.Equity(180m);
        var (portfolio, account) = await desk.PortfolioAsync();

        a.OnPortfolio(portfolio, account, null);
        b.OnPortfolio(portfolio, account, null);
        await CutoffDesk.Settled(a);
        await CutoffDesk.Settled(b);

        Assert.Equal(1, a.Closes + b.Closes);
        Assert.Equal(OrderStatus.Open, (await desk.OrderAsync(desk.GbpUsd)).Status);
        var started = a.DecisionCounts().GetValueOrDefault(AutoCutoffRecord.StopOutStarted) + b.DecisionCounts().GetValueOrDefault(AutoCutoffRecord.StopOutStarted);
        Assert.Equal(1, started);
    }

    [Fact]
    public async Task A_lock_whose_holder_died_expires_and_the_watcher_then_proceeds()
    {
        var watcher = _desk.Watcher();
        var dead = await _desk.Locks.TryLockStopOutAsync(Alice, "dead", TimeSpan.FromSeconds(5), default);
        _desk.Equity(180m);

        await _desk.FeedAsync(watcher);
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.EurUsd)).Status);
        Assert.Equal(1, watcher.DecisionCounts()[AutoCutoffRecord.StopOutBusy]);

        _desk.Time.Advance(TimeSpan.FromSeconds(6));
        _desk.Equity(180m);
        await _desk.FeedAsync(watcher);

        Assert.Equal(OrderStatus.Closed, (await _desk.OrderAsync(_desk.EurUsd)).Status);
        var close = watcher.Report().Recent.First(r => r.Decision == AutoCutoffRecord.ClosePosition);
        Assert.True(close.Fence > dead!.Token);
    }

    [Fact]
    public async Task A_close_carrying_an_outdated_fence_is_refused_and_changes_nothing()
    {
        _desk.Equity(180m);
        var paused = (await _desk.Locks.TryLockStopOutAsync(Alice, "paused", TimeSpan.FromSeconds(1), default))!;
        _desk.Time.Advance(TimeSpan.FromSeconds(2));
        _desk.Equity(180m);
        var current = (await _desk.Locks.TryLockStopOutAsync(Alice, "current", TimeSpan.FromSeconds(10), default))!;

        var refused = await _desk.Engine.CloseForStopOutAsync(Alice, _desk.EurUsd, paused, null, default);
        Assert.False(await _desk.Locks.RenewStopOutAsync(paused, TimeSpan.FromSeconds(10), default));
        await _desk.Locks.ReleaseStopOutAsync(paused, default);

        Assert.Equal(RefusalReason.StaleFence, refused.Refusal);
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.EurUsd)).Status);
        Assert.Equal(current.Value, await _desk.Locks.ReadStopOutLockAsync(Alice, default));
        var closed = await _desk.Engine.CloseForStopOutAsync(Alice, _desk.EurUsd, current, null, default);
        Assert.Equal(OrderStatus.Closed, closed.Order!.Status);
    }

    [Fact]
    public async Task The_decisions_reach_the_ledger_through_the_writer()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tickwatch-autocutoff-ledger-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var ledger = new SqliteLedgerStore(Path.Combine(folder, "ledger.db"), _desk.Time);
            var watcher = _desk.Watcher();
            _desk.Equity(600m);
            await _desk.FeedAsync(watcher);
            _desk.Equity(180m);
            await _desk.FeedAsync(watcher);
            var writer = new LedgerWriter((ITradingOutbox)_desk.Store, ledger, Options.Create(new LedgerOptions()), _desk.Time, NullLogger<LedgerWriter>.Instance);

            Assert.True(await writer.StartAsync(default));
            await writer.RunOnceAsync(default);

            Assert.Empty(writer.Report().Poison);
            var decisions = await ledger.ReadAutoCutoffDecisionsAsync(Alice, _desk.Time.GetUtcNow().AddDays(-1), _desk.Time.GetUtcNow().AddDays(1), default);
            Assert.Equal(
                [AutoCutoffRecord.MarginCallSent, AutoCutoffRecord.StopOutStarted, AutoCutoffRecord.ClosePosition, AutoCutoffRecord.StopOutFinished],
                decisions.Select(d => d.Decision.Decision));
            var close = decisions.Single(d => d.Decision.Decision == AutoCutoffRecord.ClosePosition).Decision;
            Assert.Equal((7.64m, 180m, 2355.50m, _desk.EurUsd), (close.MarginLevel, close.Equity, close.UsedMargin, close.OrderId));
            Assert.Contains("liquidation 10 %", close.Reason, StringComparison.Ordinal);
            Assert.Contains("EURUSD 0 ms", close.Reason, StringComparison.Ordinal);

            // The close and its decision are one commit: the same revision.
            var closeEvent = decisions.Single(d => d.Decision.Decision == AutoCutoffRecord.ClosePosition).Event;
            var history = await ledger.ReadOrderHistoryAsync(Alice, _desk.Time.GetUtcNow().AddDays(-1), _desk.Time.GetUtcNow().AddDays(1), default);
            Assert.Contains(history, h => h.OrderId == _desk.EurUsd && h.Status == OrderStatus.Closed);
            Assert.Equal(1, closeEvent.Index);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
