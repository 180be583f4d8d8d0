using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Simulators.Tests.ProviderLink;

/// <summary>
/// The AutoCutoff watcher stopping out a provider-routed account through the engine and the real connection manager
/// against the real execution gateway, over loopback TCP. The account (4,000 USD, 1:100) buys 1 lot each of EURUSD at
/// 1.10010, GBPUSD at 1.30010 and AUDUSD at 0.70010 (about 3,100 of margin); <see cref="Crash"/> puts it at a loss of
/// 1,800, 1,200 and 850 (equity about 105, margin level about 3.4 %): closing EURUSD leaves it at about 5.6 %, closing
/// GBPUSD too at about 16 %, above its 10 % liquidation level, so AUDUSD stays open.
/// </summary>
public sealed class ProviderStopOutTests : IAsyncLifetime
{
    private static readonly AccountId Trader = new(UserType.Live, 81);

    /// <summary>The close reason a stop-out's close ends with.</summary>
    private const string StopOut = "stop_out";

    private readonly CancellationTokenSource _stop = new();
    private readonly string _mail = Path.Combine(Path.GetTempPath(), "tickwatch-provider-stop-out-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _lockTime = new(TimeProvider.System.GetUtcNow());
    private RunningExecGateway _gateway = null!;
    private ProviderDesk _desk = null!;
    private InMemoryTradingStore _store = null!;
    private Task _watching = Task.CompletedTask;
    private AutoCutoffWatcher? _watcher;
    private string _eurUsd = "", _gbpUsd = "", _audUsd = "";

    public async Task InitializeAsync()
    {
        _gateway = await RunningExecGateway.StartAsync();

        // The store's own clock only ages the stop-out locks, so a test can expire one without waiting.
        _store = new InMemoryTradingStore(_lockTime);
        await _store.PutAccountAsync(new TradingAccount { Id = Trader, WalletBalance = 4_000m, Leverage = 100m, Group = "Standard", Route = ExecutionRoute.Provider }, default);
        _desk = ProviderDesk.Start(_gateway.Link, store: _store, trader: Trader);
        Price("EURUSD", 1.10000m, 1.10010m);
        Price("GBPUSD", 1.30000m, 1.30010m);
        Price("AUDUSD", 0.70000m, 0.70010m);
        await _desk.WhenConnectedAsync();
        _eurUsd = (await _desk.Place(OrderType.Buy, 1m, "EURUSD")).Order!.Id;
        _gbpUsd = (await _desk.Place(OrderType.Buy, 1m, "GBPUSD")).Order!.Id;
        _audUsd = (await _desk.Place(OrderType.Buy, 1m, "AUDUSD")).Order!.Id;
        await _desk.WhenSettledAsync();
        foreach (var id in new[] { _eurUsd, _gbpUsd, _audUsd })
        {
            Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(id)).Status);
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _watcher?.Dispose();
        await _desk.DisposeAsync();
        await _gateway.DisposeAsync();
        _stop.Dispose();
        if (Directory.Exists(_mail))
        {
            Directory.Delete(_mail, recursive: true);
        }
    }

    [Fact]
    public async Task Below_its_liquidation_level_the_account_is_closed_at_the_provider_one_position_at_a_time_largest_loss_first()
    {
        var watcher = Watcher();
        Crash();

        await FeedAsync(watcher);

        Assert.Equal(OrderStatus.Closed, (await _desk.OrderAsync(_eurUsd)).Status);
        Assert.Equal(OrderStatus.Closed, (await _desk.OrderAsync(_gbpUsd)).Status);
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_audUsd)).Status);
        Assert.Equal(2L, _gateway.Engine.GetStatus().Requests.GetValueOrDefault("close"));

        // The stop-out's reason survives the provider's fill, and each close has exactly one decision record, in close order.
        Assert.Equal(StopOut, (await _desk.OrderAsync(_eurUsd)).CloseReason);
        Assert.Equal(StopOut, (await _desk.OrderAsync(_gbpUsd)).CloseReason);
        Assert.Equal([_eurUsd, _gbpUsd], CloseDecisions());
        var valuation = (await _desk.Engine.ValueAsync(Trader, default))!.Value.Valuation;
        Assert.True(valuation.MarginLevel > 10m, $"margin level {valuation.MarginLevel}");
        Assert.Equal(2L, watcher.Closes);
        Assert.Equal((2L, 2L, 0L, 0L), ProviderCloses(watcher));
        Assert.All(watcher.HoldCounts().Values, n => Assert.Equal(0L, n));
        Assert.Contains(watcher.Report().Recent, r => r.Decision == AutoCutoffRecord.StopOutFinished && r.Reason!.Contains("back above", StringComparison.Ordinal));
    }

    [Fact]
    public async Task While_the_gateway_delays_its_reports_the_watcher_waits_and_never_asks_twice()
    {
        var watcher = Watcher();
        await _gateway.PostAsync("/control/delay", new { delay_ms = 400 });
        Crash();

        await FeedAsync(watcher);

        Assert.Equal(2L, _gateway.Engine.GetStatus().Requests.GetValueOrDefault("close"));
        Assert.Equal([_eurUsd, _gbpUsd], CloseDecisions());
        Assert.Equal((2L, 2L, 0L, 0L), ProviderCloses(watcher));
        Assert.All(watcher.HoldCounts().Values, n => Assert.Equal(0L, n));
        Assert.Equal(0L, _desk.Engine.Statistics.RefusalsByReason.GetValueOrDefault(RefusalReason.InvalidState));
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_audUsd)).Status);
    }

    [Fact]
    public async Task A_gateway_that_never_answers_holds_the_stop_out_provider_close_outstanding_and_the_close_completes_later()
    {
        var watcher = Watcher(timeout: TimeSpan.FromMilliseconds(300));
        await _gateway.PostAsync("/control/pause");
        Crash();

        await FeedAsync(watcher);

        Assert.Equal(1L, watcher.HoldCounts()[AutoCutoffRules.ProviderCloseOutstanding]);
        Assert.Equal((1L, 0L, 0L, 1L), ProviderCloses(watcher));
        Assert.Equal(0L, watcher.Closes);
        Assert.Equal([_eurUsd], CloseDecisions());
        Assert.NotNull((await _desk.OrderAsync(_eurUsd)).ProviderRequest);

        await _gateway.PostAsync("/control/resume");
        await Eventually.UntilAsync(async () => (await _desk.OrderAsync(_eurUsd)).Status == OrderStatus.Closed, "the outstanding close is filled once the gateway answers");
        Assert.Equal(StopOut, (await _desk.OrderAsync(_eurUsd)).CloseReason);
        Assert.Equal(1L, _gateway.Engine.GetStatus().Requests.GetValueOrDefault("close"));
    }

    [Fact]
    public async Task A_provider_rejection_of_the_close_holds_with_the_providers_reason_and_the_next_portfolio_tries_again()
    {
        var watcher = Watcher();
        await _gateway.PostAsync("/control/reject", new { symbol = "EURUSD", reason = "NO_LIQUIDITY" });
        Crash();

        await FeedAsync(watcher);

        Assert.Equal(1L, watcher.HoldCounts()[AutoCutoffRules.ProviderRejected]);
        var held = watcher.Report().Held.Single();
        Assert.Equal(AutoCutoffRules.ProviderRejected, held.Reason);
        Assert.Contains("NO_LIQUIDITY", held.Detail, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_eurUsd)).Status);
        Assert.Null((await _desk.OrderAsync(_eurUsd)).ProviderRequest);

        await _gateway.Http.DeleteAsync("/control/reject");
        await FeedAsync(watcher);

        Assert.Equal(OrderStatus.Closed, (await _desk.OrderAsync(_eurUsd)).Status);
        Assert.Equal(OrderStatus.Closed, (await _desk.OrderAsync(_gbpUsd)).Status);
        Assert.Equal(3L, _gateway.Engine.GetStatus().Requests.GetValueOrDefault("close"));
        Assert.Equal([_eurUsd, _eurUsd, _gbpUsd], CloseDecisions());
        Assert.Equal((3L, 2L, 1L, 0L), ProviderCloses(watcher));
        Assert.Equal(2L, watcher.Closes);
    }

    [Fact]
    public async Task A_provider_close_under_a_lost_lock_is_refused_STALE_FENCE_and_nothing_reaches_the_gateway()
    {
        Crash();
        var paused = (await _store.TryLockStopOutAsync(Trader, "paused", TimeSpan.FromSeconds(1), default))!;
        _lockTime.Advance(TimeSpan.FromSeconds(2));
        var current = (await _store.TryLockStopOutAsync(Trader, "current", TimeSpan.FromSeconds(10), default))!;
        var record = new AutoCutoffRecord { Account = Trader.ToString(), At = TimeProvider.System.GetUtcNow(), Decision = AutoCutoffRecord.ClosePosition, OrderId = _eurUsd, Fence = paused.Token };

        var refused = await _desk.Engine.CloseForStopOutAsync(Trader, _eurUsd, paused, record.ToEvent(), default);

        Assert.Equal(RefusalReason.StaleFence, refused.Refusal);
        Assert.Null((await _desk.OrderAsync(_eurUsd)).ProviderRequest);
        Assert.Equal(0L, _gateway.Engine.GetStatus().Requests.GetValueOrDefault("close"));
        Assert.Empty(CloseDecisions());

        // The holder of the lock closes it, once, with its decision.
        var requested = await _desk.Engine.CloseForStopOutAsync(Trader, _eurUsd, current, (record with { Fence = current.Token }).ToEvent(), default);
        Assert.True(requested.RequestedAtProvider, requested.Detail);
        await Eventually.UntilAsync(async () => (await _desk.OrderAsync(_eurUsd)).Status == OrderStatus.Closed, "the close is filled");
        Assert.Equal(1L, _gateway.Engine.GetStatus().Requests.GetValueOrDefault("close"));
        Assert.Equal([_eurUsd], CloseDecisions());
    }

    private AutoCutoffWatcher Watcher(TimeSpan? timeout = null)
    {
        var options = Options.Create(new AutoCutoffOptions
        {
            Owner = "provider-test",
            MailFolder = _mail,
            ProviderCloseCheckInterval = TimeSpan.FromMilliseconds(10),
            ProviderCloseTimeout = timeout ?? TimeSpan.FromSeconds(10),
        });
        var mailer = new MarginCallMailer(new FolderMarginCallDelivery(_mail), options, TimeProvider.System);
        var watcher = new AutoCutoffWatcher(_store, _store, _desk.Engine, mailer, options, TimeProvider.System, NullLogger<AutoCutoffWatcher>.Instance);
        _watching = watcher.RunAsync(_stop.Token);
        _watcher = watcher;
        return watcher;
    }

    /// <summary>Losses of 1,800 on EURUSD, 1,200 on GBPUSD and 850 on AUDUSD, in the engine's book and the gateway's alike.</summary>
    private void Crash()
    {
        Price("EURUSD", 1.08200m, 1.08210m);
        Price("GBPUSD", 1.28800m, 1.28810m);
        Price("AUDUSD", 0.69150m, 0.69160m);
    }

    /// <summary>Tells the watcher of the account's portfolio now and waits until its stop-out has ended.</summary>
    private async Task FeedAsync(AutoCutoffWatcher watcher)
    {
        var now = TimeProvider.System.GetUtcNow();
        var (state, valuation) = (await _desk.Engine.ValueAsync(Trader, default))!.Value;
        var sequences = valuation.Positions.ToDictionary(p => p.Symbol, p => p.BookSequence, StringComparer.Ordinal);
        watcher.OnPortfolio(AccountPortfolio.Of(Trader, valuation, now, sequences), state.Account, now);
        await Eventually.UntilAsync(() => watcher.IsIdle, "the watcher's stop-out has ended");
    }

    private void Price(string symbol, decimal bid, decimal ask)
    {
        _gateway.Prices.Set(symbol, bid, ask);
        _desk.Price(symbol, bid, ask);
        Assert.Equal(bid, _desk.Book.GetQuote(symbol)?.Bid);
    }

    /// <summary>The order of each <c>close_position</c> decision in the account's outbox, in order.</summary>
    private string[] CloseDecisions() =>
        [.. _store.Outbox(Trader)
            .Where(e => e.Event.Kind == AutoCutoffDecisionJson.Kind && e.Event.Payload.Contains("\"decision\":\"close_position\"", StringComparison.Ordinal))
            .Select(e => System.Text.Json.JsonDocument.Parse(e.Event.Payload).RootElement.GetProperty("order_id").GetString()!)];

    private static (long Requested, long Filled, long Rejected, long TimedOut) ProviderCloses(AutoCutoffWatcher watcher)
    {
        var counts = watcher.ProviderCloseCounts();
        return (counts["requested"], counts["filled"], counts["rejected"], counts["timed_out"]);
    }
}
