using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Trading.Tests.ProviderLink;

/// <summary>The pending monitor on the in-memory engine, a recording link and fake time: one cancel when free margin goes short, never on a stale price.</summary>
public sealed class ProviderPendingMonitorUnitTests
{
    private readonly RecordingProviderLink _link = new();
    private readonly TradingDesk _desk;
    private ProviderPendingMonitor _monitor = null!;
    private int _reports;

    public ProviderPendingMonitorUnitTests()
    {
        _desk = new TradingDesk(provider: _link, observers: time =>
        {
            _monitor = new ProviderPendingMonitor(Options.Create(new ProviderLinkOptions()), time, NullLogger<ProviderPendingMonitor>.Instance, _link);
            return [_monitor];
        });
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
    }

    [Fact]
    public async Task While_free_margin_suffices_no_cancel_is_sent()
    {
        var resting = await RestingWithOpenPositionAsync();

        for (var i = 0; i < 5; i++)
        {
            _desk.Time.Advance(TimeSpan.FromMilliseconds(500));
            _desk.Price("EURUSD", 1.08500m - (i * 0.0001m), 1.08520m - (i * 0.0001m));
            await _monitor.CheckAsync(_desk.Engine, default);
        }

        Assert.DoesNotContain(_link.Sent, m => m is CancelRequest);
        Assert.Equal(OrderStatus.Pending, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, resting.Id, default))!.Status);
        Assert.Equal(5, _monitor.Snapshot().Checks);
    }

    [Fact]
    public async Task When_free_margin_goes_short_exactly_one_cancel_is_sent_across_ticks_and_recorded()
    {
        var resting = await RestingWithOpenPositionAsync();

        for (var i = 0; i < 6; i++)
        {
            _desk.Time.Advance(TimeSpan.FromMilliseconds(500));
            _desk.Price("EURUSD", 1.08100m - (i * 0.0005m), 1.08120m - (i * 0.0005m));
            await _monitor.CheckAsync(_desk.Engine, default);
        }

        var cancel = Assert.Single(_link.Sent.OfType<CancelRequest>());
        Assert.Equal(OrderStatus.PendingCancel, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, resting.Id, default))!.Status);
        var snapshot = _monitor.Snapshot();
        Assert.Equal(1, snapshot.CancelsSent);
        var decision = Assert.Single(snapshot.Recent);
        Assert.Equal(("cancel_sent", resting.Id, 1.08100m), (decision.Action, decision.OrderId, decision.Bid));
        Assert.True(decision.FreeMargin < 0m, $"free margin {decision.FreeMargin}");
        Assert.Equal(0L, decision.PriceAgeMilliseconds);

        // A repeated call (another pass, another process) replays the first: still one cancel.
        var again = await _desk.Engine.CancelAtProviderAsync(TradingDesk.Bob, resting.Id, default);
        Assert.True(again.Repeated);
        Assert.Single(_link.Sent.OfType<CancelRequest>());

        await _desk.Engine.ApplyReportAsync(Report(resting, ProviderOrderStatus.Cancelled, clientOrderId: cancel.ClientOrderId), default);
        Assert.Equal(OrderStatus.Cancelled, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, resting.Id, default))!.Status);
        Assert.Equal(0, _monitor.Watched);
    }

    [Fact]
    public async Task A_cancel_the_provider_refuses_is_not_sent_again()
    {
        var resting = await RestingWithOpenPositionAsync();
        _desk.Price("EURUSD", 1.08000m, 1.08020m);
        await _monitor.CheckAsync(_desk.Engine, default);
        var cancel = Assert.Single(_link.Sent.OfType<CancelRequest>());

        await _desk.Engine.ApplyReportAsync(Report(resting, ProviderOrderStatus.Rejected, clientOrderId: cancel.ClientOrderId, reason: "TOO_LATE"), default);
        Assert.Equal(OrderStatus.Pending, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, resting.Id, default))!.Status);
        await _monitor.CheckAsync(_desk.Engine, default);

        Assert.Single(_link.Sent.OfType<CancelRequest>());
    }

    [Fact]
    public async Task On_a_stale_price_it_holds_and_counts_and_never_cancels()
    {
        var resting = await RestingWithOpenPositionAsync();
        _desk.Price("EURUSD", 1.08000m, 1.08020m);

        // Older than the symbol's 10 s quote age: the same short margin is not acted on.
        _desk.Time.Advance(TimeSpan.FromSeconds(11));
        await _monitor.CheckAsync(_desk.Engine, default);
        await _monitor.CheckAsync(_desk.Engine, default);

        Assert.DoesNotContain(_link.Sent, m => m is CancelRequest);
        Assert.Equal(OrderStatus.Pending, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, resting.Id, default))!.Status);
        var snapshot = _monitor.Snapshot();
        Assert.Equal((2L, 0L), (snapshot.Held, snapshot.CancelsSent));
        Assert.Equal(2L, snapshot.HoldsByReason[ProviderPendingHold.StalePrice]);

        // The same hold goes on: counted each pass, recorded once, and its age grows from when it began.
        var decision = Assert.Single(snapshot.Recent);
        Assert.Equal(("held", 11_000L), (decision.Action, decision.PriceAgeMilliseconds));
        _desk.Time.Advance(TimeSpan.FromSeconds(30));
        await _monitor.CheckAsync(_desk.Engine, default);
        snapshot = _monitor.Snapshot();
        var hold = Assert.Single(snapshot.Holding);
        Assert.Equal((resting.Id, ProviderPendingHold.StalePrice), (hold.OrderId, hold.Reason));
        Assert.Equal(30d, snapshot.OldestHoldSeconds);
        Assert.Equal(ProviderPendingHold.StalePrice, Assert.Single(snapshot.WatchedOrders).HeldFor);

        // A fresh price ends the hold.
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        await _monitor.CheckAsync(_desk.Engine, default);
        Assert.Empty(_monitor.Snapshot().Holding);
        Assert.Equal(0d, _monitor.Snapshot().OldestHoldSeconds);
    }

    [Fact]
    public async Task With_the_link_down_it_holds_and_cancels_once_it_is_back()
    {
        await RestingWithOpenPositionAsync();
        _desk.Price("EURUSD", 1.08000m, 1.08020m);
        _link.IsConnected = false;
        await _monitor.CheckAsync(_desk.Engine, default);
        Assert.Equal(1L, _monitor.Snapshot().Held);

        _link.IsConnected = true;
        await _monitor.CheckAsync(_desk.Engine, default);

        Assert.Single(_link.Sent.OfType<CancelRequest>());
    }

    [Fact]
    public async Task Run_checks_on_each_half_second_tick_of_its_clock_and_sends_one_cancel_over_many_ticks()
    {
        var resting = await RestingWithOpenPositionAsync();
        using var stop = new CancellationTokenSource();
        var run = _monitor.RunAsync(_desk.Engine, stop.Token);

        for (var tick = 1; tick <= 6; tick++)
        {
            _desk.Price("EURUSD", 1.08000m, 1.08020m);
            _desk.Time.Advance(TimeSpan.FromMilliseconds(500));
            var passes = tick;
            await Eventually.UntilAsync(() => _monitor.Snapshot().Passes >= passes, $"pass {passes} has run");
        }

        await stop.CancelAsync();
        await run;
        Assert.Single(_link.Sent.OfType<CancelRequest>());
        Assert.Equal(OrderStatus.PendingCancel, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, resting.Id, default))!.Status);
        Assert.Equal(6L, _monitor.Snapshot().Passes);
    }

    [Fact]
    public async Task With_two_resting_orders_it_cancels_the_newest_only_and_no_more_when_that_sufficed()
    {
        var (older, newer) = await TwoRestingWithOpenPositionAsync();

        // The market falls until free margin is short; the first cancel is the newest order's.
        for (var i = 0; i < 20 && !_link.Sent.OfType<CancelRequest>().Any(); i++)
        {
            _desk.Price("EURUSD", 1.08500m - (i * 0.0002m), 1.08520m - (i * 0.0002m));
            await _monitor.CheckAsync(_desk.Engine, default);
        }

        var cancel = Assert.Single(_link.Sent.OfType<CancelRequest>());
        Assert.Equal(newer.Id, cancel.OrderId);

        // While its report is owed the account waits: the older order is not cancelled on the same short margin.
        await _monitor.CheckAsync(_desk.Engine, default);
        await _monitor.CheckAsync(_desk.Engine, default);
        Assert.Single(_link.Sent.OfType<CancelRequest>());
        Assert.Equal(1, _monitor.Snapshot().AwaitingCancel);

        await _desk.Engine.ApplyReportAsync(Report(newer, ProviderOrderStatus.Cancelled, clientOrderId: cancel.ClientOrderId), default);
        var free = (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation.FreeMargin;
        Assert.True(free >= 0m, $"free margin {free} after one cancel");
        for (var i = 0; i < 4; i++)
        {
            await _monitor.CheckAsync(_desk.Engine, default);
        }

        Assert.Single(_link.Sent.OfType<CancelRequest>());
        Assert.Equal(OrderStatus.Pending, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, older.Id, default))!.Status);
        Assert.Equal((1L, 0), (_monitor.Snapshot().CancelsSent, _monitor.Snapshot().AwaitingCancel));
    }

    [Fact]
    public async Task When_one_cancel_is_not_enough_the_next_waits_for_its_report_and_a_revaluation()
    {
        var (older, newer) = await TwoRestingWithOpenPositionAsync();
        _desk.Price("EURUSD", 1.07800m, 1.07820m);
        await _monitor.CheckAsync(_desk.Engine, default);
        await _monitor.CheckAsync(_desk.Engine, default);
        var first = Assert.Single(_link.Sent.OfType<CancelRequest>());
        Assert.Equal(newer.Id, first.OrderId);

        await _desk.Engine.ApplyReportAsync(Report(newer, ProviderOrderStatus.Cancelled, clientOrderId: first.ClientOrderId), default);
        var free = (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation.FreeMargin;
        Assert.True(free < 0m, $"free margin {free} is still short after the first cancel");
        await _monitor.CheckAsync(_desk.Engine, default);

        Assert.Equal([newer.Id, older.Id], _link.Sent.OfType<CancelRequest>().Select(c => c.OrderId));
    }

    [Fact]
    public async Task A_cancel_committed_as_the_link_drops_stays_outstanding_and_goes_once_with_the_reconnect_resend()
    {
        var resting = await RestingWithOpenPositionAsync();
        _desk.Price("EURUSD", 1.08000m, 1.08020m);
        _link.DropsOnNextCancel = true;
        await _monitor.CheckAsync(_desk.Engine, default);

        // The key is spent and the cancel is committed but not on the wire: it stays on the order, not withdrawn.
        Assert.DoesNotContain(_link.Sent, m => m is CancelRequest);
        var order = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, resting.Id, default))!;
        Assert.Equal((OrderStatus.PendingCancel, OutstandingRequest.Cancel), (order.Status, order.ProviderRequest?.Action));
        var snapshot = _monitor.Snapshot();
        Assert.Equal((1L, 1L), (snapshot.CancelsSent, snapshot.CancelsQueued));
        Assert.Equal("cancel_queued", Assert.Single(snapshot.Recent).Action);

        // Passes while the link is down, and a restarted market service on the same store, add nothing.
        await _monitor.CheckAsync(_desk.Engine, default);
        var restarted = new ProviderPendingMonitor(Options.Create(new ProviderLinkOptions()), _desk.Time, NullLogger<ProviderPendingMonitor>.Instance, _link);
        await restarted.ScanAsync(_desk.Engine, default);
        _link.IsConnected = true;
        await restarted.CheckAsync(_desk.Engine, default);
        Assert.DoesNotContain(_link.Sent, m => m is CancelRequest);

        // The connection manager's re-send at connect (every request in flight, from the store) carries it, once.
        foreach (var inFlight in (await _desk.Engine.LoadInFlightAsync(default)).Orders)
        {
            foreach (var request in ProviderRequests.Of(inFlight))
            {
                _link.TrySend(request);
            }
        }

        await _monitor.CheckAsync(_desk.Engine, default);
        await restarted.CheckAsync(_desk.Engine, default);
        var cancel = Assert.Single(_link.Sent.OfType<CancelRequest>());
        Assert.Equal(order.ProviderRequest!.ClientOrderId(resting.Id), cancel.ClientOrderId);

        // Once the order is cancelled, its spent key blocks nothing: the monitors forget the order.
        await _desk.Engine.ApplyReportAsync(Report(resting, ProviderOrderStatus.Cancelled, clientOrderId: cancel.ClientOrderId), default);
        await restarted.ScanAsync(_desk.Engine, default);
        Assert.Equal((0, 0), (_monitor.Watched, restarted.Watched));
    }

    [Fact]
    public async Task A_cancel_the_full_send_queue_refused_is_sent_again_by_a_later_pass_with_the_same_client_order_id()
    {
        var resting = await RestingWithOpenPositionAsync();
        _desk.Price("EURUSD", 1.08000m, 1.08020m);
        _link.Accepts = false;
        await _monitor.CheckAsync(_desk.Engine, default);
        Assert.DoesNotContain(_link.Sent, m => m is CancelRequest);

        _link.Accepts = true;
        await _monitor.CheckAsync(_desk.Engine, default);
        await _monitor.CheckAsync(_desk.Engine, default);

        var cancel = Assert.Single(_link.Sent.OfType<CancelRequest>());
        Assert.Equal(resting.Id, cancel.OrderId);
        Assert.Equal(1L, _monitor.Snapshot().CancelsSent);
    }

    [Fact]
    public async Task A_restarted_monitor_finds_the_refused_cancels_key_used_and_holds_instead_of_cancelling_again()
    {
        var resting = await RestingWithOpenPositionAsync();
        _desk.Price("EURUSD", 1.08000m, 1.08020m);
        await _monitor.CheckAsync(_desk.Engine, default);
        var cancel = Assert.Single(_link.Sent.OfType<CancelRequest>());
        await _desk.Engine.ApplyReportAsync(Report(resting, ProviderOrderStatus.Rejected, clientOrderId: cancel.ClientOrderId, reason: "TOO_LATE"), default);

        var restarted = new ProviderPendingMonitor(Options.Create(new ProviderLinkOptions()), _desk.Time, NullLogger<ProviderPendingMonitor>.Instance, _link);
        await restarted.ScanAsync(_desk.Engine, default);
        await restarted.CheckAsync(_desk.Engine, default);
        await restarted.CheckAsync(_desk.Engine, default);

        Assert.Single(_link.Sent.OfType<CancelRequest>());
        var snapshot = restarted.Snapshot();
        Assert.Equal(["cancel_used", "held"], snapshot.Recent.Reverse().Select(d => d.Action));
        Assert.Equal(ProviderPendingHold.CancelsUsed, Assert.Single(snapshot.Holding).Reason);
        Assert.True(Assert.Single(snapshot.WatchedOrders).CancelUsed);
    }

    /// <summary>Bob: 5 lots EURUSD open at 1.08531 and two 1.5-lot buy limits resting at 1.07000 and (newer) 1.06900.</summary>
    private async Task<(Order Older, Order Newer)> TwoRestingWithOpenPositionAsync()
    {
        var open = (await _desk.Place(OrderType.Buy, 5m, account: TradingDesk.Bob)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(open, ProviderOrderStatus.Executed, avgpx: 1.08531m), default);
        var older = (await _desk.Place(OrderType.BuyLimit, 1.5m, price: 1.07000m, account: TradingDesk.Bob)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(older, ProviderOrderStatus.Pending, price: 1.07000m), default);
        _desk.Time.Advance(TimeSpan.FromMilliseconds(1));
        var newer = (await _desk.Place(OrderType.BuyLimit, 1.5m, price: 1.06900m, account: TradingDesk.Bob)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(newer, ProviderOrderStatus.Pending, price: 1.06900m), default);
        Assert.Equal(2, _monitor.Watched);
        return (older, newer);
    }

    /// <summary>Bob: 5 lots EURUSD open at 1.08531 and a 3-lot buy limit resting at 1.08000; free margin about 1,300 at 1.0850.</summary>
    private async Task<Order> RestingWithOpenPositionAsync()
    {
        var open = (await _desk.Place(OrderType.Buy, 5m, account: TradingDesk.Bob)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(open, ProviderOrderStatus.Executed, avgpx: 1.08531m), default);
        var order = (await _desk.Place(OrderType.BuyLimit, 3m, price: 1.08000m, account: TradingDesk.Bob)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Pending, price: 1.08000m), default);
        Assert.Equal(1, _monitor.Watched);
        var free = (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation.FreeMargin;
        Assert.True(free > 0m, $"free margin {free}");
        return order;
    }

    private ExecutionReport Report(Order order, ProviderOrderStatus status, decimal? avgpx = null, decimal? price = null, string? reason = null, string? clientOrderId = null) =>
        TestReports.Of(order, status, "r" + Interlocked.Increment(ref _reports), _desk.Time.GetUtcNow(), avgpx, price, reason, clientOrderId);
}
