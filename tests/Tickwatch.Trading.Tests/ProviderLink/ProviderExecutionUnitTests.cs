using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.ProviderLink;

public sealed class ProviderExecutionUnitTests
{
    private readonly RecordingProviderLink _link = new();
    private readonly TradingDesk _desk;
    private int _reports;

    public ProviderExecutionUnitTests()
    {
        _desk = new TradingDesk(provider: _link);
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
    }

    [Fact]
    public async Task A_provider_routed_market_order_is_queued_with_its_margin_reserved_and_sent_with_a_stable_cl_ord_id()
    {
        var outcome = await Place(OrderType.Buy, 1m);

        var order = outcome.Order!;
        Assert.Equal(OrderStatus.Queued, order.Status);
        Assert.Null(order.OpenPrice);
        Assert.NotNull(order.OpenQuote);
        var request = Assert.IsType<NewOrderRequest>(Assert.Single(_link.Sent));
        Assert.Equal(order.Id + "-new-1", request.ClientOrderId);
        Assert.Equal((OrderType.Buy, 1m, TradingDesk.Bob), (request.Type, request.Volume, request.Account));
        var valuation = (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation;
        Assert.True(valuation.UsedMargin > 1_000m, $"margin reserved: {valuation.UsedMargin}");
        Assert.Equal(Trigger.Of(order), []);
    }

    [Fact]
    public async Task An_executed_report_opens_the_position_at_the_providers_price_once_even_when_repeated()
    {
        var order = (await Place(OrderType.Buy, 1m)).Order!;
        var report = Report(order, ProviderOrderStatus.Executed, avgpx: 1.08531m);

        var first = await _desk.Engine.ApplyReportAsync(report, default);
        var repeat = await _desk.Engine.ApplyReportAsync(report, default);

        Assert.Equal(ProviderReportOutcome.Applied, first.Outcome);
        Assert.Equal(ProviderReportOutcome.Duplicate, repeat.Outcome);
        var open = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal((OrderStatus.Open, 1.08531m, 7m), (open.Status, open.OpenPrice, open.Commission));
        Assert.Equal(order.OpenQuote, open.OpenQuote);
        Assert.Single(_desk.Store.Outbox(TradingDesk.Bob), e => e.Event.Kind == "order_filled");
    }

    [Fact]
    public async Task A_rejected_report_rejects_the_order_with_its_reason_and_releases_its_margin()
    {
        var order = (await Place(OrderType.Sell, 2m)).Order!;

        var result = await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Rejected, reason: "NO_LIQUIDITY"), default);

        Assert.Equal(ProviderReportOutcome.Applied, result.Outcome);
        var rejected = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal((OrderStatus.Rejected, "NO_LIQUIDITY"), (rejected.Status, rejected.CloseReason));
        Assert.Equal(0m, (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation.UsedMargin ?? 0m);
    }

    [Fact]
    public async Task An_order_the_link_cannot_queue_is_refused_PROVIDER_UNAVAILABLE_rejected_and_its_margin_released()
    {
        _link.Accepts = false;

        var outcome = await Place(OrderType.Buy, 1m);

        Assert.Equal(RefusalReason.ProviderUnavailable, outcome.Refusal);
        var state = (await _desk.Store.ReadAccountAsync(TradingDesk.Bob, default))!;
        Assert.Empty(state.ActiveOrders);
        var rejected = Assert.Single(_desk.Store.Outbox(TradingDesk.Bob), e => e.Event.Kind == "order_rejected");
        Assert.Contains("PROVIDER_UNAVAILABLE", rejected.Event.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_link_down_a_provider_order_is_refused_and_nothing_is_committed()
    {
        _link.IsConnected = false;

        var outcome = await Place(OrderType.Buy, 1m);

        Assert.Equal(RefusalReason.ProviderUnavailable, outcome.Refusal);
        Assert.DoesNotContain(_desk.Store.Outbox(TradingDesk.Bob), e => e.Event.Kind.StartsWith("order_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_close_goes_to_the_provider_and_its_fill_realises_the_profit_once()
    {
        var order = (await Place(OrderType.Buy, 1m)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: 1.08520m), default);
        var balance = (await _desk.Store.ReadAccountAsync(TradingDesk.Bob, default))!.Account.WalletBalance;

        var closing = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Bob, order.Id, _desk.Key()), default);

        Assert.True(closing.Accepted, closing.Detail);
        Assert.Equal(OrderStatus.Open, closing.Order!.Status);
        var close = Assert.IsType<CloseRequest>(_link.Sent.Last());
        Assert.Equal((TradeSide.Sell, 1m), (close.Side, close.Volume));
        Assert.Equal(closing.Order.ProviderRequest!.ClientOrderId(order.Id), close.ClientOrderId);
        var again = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Bob, order.Id, _desk.Key()), default);
        Assert.Equal(RefusalReason.InvalidState, again.Refusal);

        var fill = Report(order, ProviderOrderStatus.Executed, avgpx: 1.08620m, clientOrderId: close.ClientOrderId);
        await _desk.Engine.ApplyReportAsync(fill, default);
        var repeat = await _desk.Engine.ApplyReportAsync(fill, default);

        Assert.Equal(ProviderReportOutcome.Duplicate, repeat.Outcome);
        var closed = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal((OrderStatus.Closed, 1.08620m), (closed.Status, closed.ClosePrice));
        Assert.Null(closed.ProviderRequest);

        // 100 pips on one lot: 100 USD, less the 7 USD commission charged at the fill.
        Assert.Equal(balance + 100m - 7m, (await _desk.Store.ReadAccountAsync(TradingDesk.Bob, default))!.Account.WalletBalance);
    }

    [Fact]
    public async Task A_close_asked_again_while_one_is_outstanding_is_refused_and_the_outstanding_one_sent_again_under_its_cl_ord_id()
    {
        var order = await OpenAsync();
        var first = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Bob, order.Id, _desk.Key()), default);
        var sent = Assert.IsType<CloseRequest>(_link.Sent.Last());

        // As if the instance that committed it died before relaying it: nothing of it reached the wire.
        _link.Sent.Clear();
        var again = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Bob, order.Id, _desk.Key()), default);

        Assert.True(first.Accepted, first.Detail);
        Assert.Equal(RefusalReason.InvalidState, again.Refusal);
        var resent = Assert.IsType<CloseRequest>(Assert.Single(_link.Sent));
        Assert.Equal((sent.ClientOrderId, sent.Volume), (resent.ClientOrderId, resent.Volume));
        Assert.Equal(first.Order!.ProviderRequest, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!.ProviderRequest);
    }

    [Fact]
    public async Task A_close_taken_back_after_its_send_was_refused_that_the_provider_executes_anyway_closes_the_position_once()
    {
        var order = await OpenAsync();
        var balance = (await _desk.Store.ReadAccountAsync(TradingDesk.Bob, default))!.Account.WalletBalance;
        _link.Accepts = false;
        var refused = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Bob, order.Id, _desk.Key()), default);
        Assert.Equal(RefusalReason.ProviderUnavailable, refused.Refusal);
        var withdrawn = Assert.IsType<CloseRequest>(_link.Refused.Last());
        Assert.Null((await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!.ProviderRequest);

        // A report naming a close of this order that was never numbered so is not one of its closes.
        var stranger = await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: 1.08620m, clientOrderId: order.Id + "-close-x"), default);
        var fill = Report(order, ProviderOrderStatus.Executed, avgpx: 1.08620m, clientOrderId: withdrawn.ClientOrderId);
        var applied = await _desk.Engine.ApplyReportAsync(fill, default);
        var repeat = await _desk.Engine.ApplyReportAsync(fill, default);

        Assert.Equal(ProviderReportOutcome.Ignored, stranger.Outcome);
        Assert.Equal(ProviderReportOutcome.Applied, applied.Outcome);
        Assert.Equal(ProviderReportOutcome.Duplicate, repeat.Outcome);
        var closed = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal((OrderStatus.Closed, 1.08620m, 1m), (closed.Status, closed.ClosePrice, closed.Volume));
        Assert.Equal(balance + 100m - 7m, (await _desk.Store.ReadAccountAsync(TradingDesk.Bob, default))!.Account.WalletBalance);
    }

    [Fact]
    public async Task A_pending_order_rests_at_the_provider_unarmed_here_and_its_cancel_goes_there()
    {
        var order = (await Place(OrderType.BuyLimit, 1m, price: 1.08000m)).Order!;
        Assert.Equal(OrderStatus.PendingQueued, order.Status);
        Assert.Equal(1.08000m, Assert.IsType<NewOrderRequest>(Assert.Single(_link.Sent)).Price);

        await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Pending, price: 1.08000m), default);
        var resting = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal(OrderStatus.Pending, resting.Status);
        Assert.Empty(Trigger.Of(resting));
        Assert.Equal(RefusalReason.InvalidState, (await _desk.Engine.FillPendingAsync(TradingDesk.Bob, order.Id, default)).Refusal);

        var cancelling = await _desk.Engine.CancelAsync(new CancelOrder(TradingDesk.Bob, order.Id, _desk.Key()), default);
        Assert.Equal(OrderStatus.PendingCancel, cancelling.Order!.Status);
        var cancel = Assert.IsType<CancelRequest>(_link.Sent.Last());

        await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Cancelled, clientOrderId: cancel.ClientOrderId), default);

        var cancelled = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Empty((await _desk.Store.ReadAccountAsync(TradingDesk.Bob, default))!.ActiveOrders);
    }

    [Fact]
    public async Task The_orders_in_flight_are_those_queued_resting_or_with_a_request_outstanding_and_each_keeps_its_cl_ord_ids()
    {
        var queued = (await Place(OrderType.Buy, 1m)).Order!;
        var open = (await Place(OrderType.Buy, 1m)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(open, ProviderOrderStatus.Executed, avgpx: 1.0852m), default);
        await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Bob, open.Id, _desk.Key(), 0.5m), default);
        var done = (await Place(OrderType.Buy, 1m)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(done, ProviderOrderStatus.Executed, avgpx: 1.0852m), default);
        await _desk.Place(OrderType.Buy, 1m);

        var scan = await _desk.Engine.LoadInFlightAsync(default);

        Assert.Equal(1, scan.ProviderRoutedAccounts);
        var requests = scan.Orders.SelectMany(ProviderRequests.Of).ToDictionary(r => r.ClientOrderId, r => r.GetType().Name);
        Assert.Equal(2, requests.Count);
        Assert.Equal(nameof(NewOrderRequest), requests[queued.Id + "-new-1"]);
        Assert.Equal(nameof(CloseRequest), requests.Single(r => r.Key.StartsWith(open.Id + "-close-", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task A_client_key_in_the_reports_namespace_is_refused()
    {
        var outcome = await Place(OrderType.Buy, 1m, key: TradingEngine.ReportKeyPrefix + "r-1");

        Assert.Equal(RefusalReason.InvalidRequest, outcome.Refusal);
    }

    [Fact]
    public async Task A_report_of_an_unknown_order_is_ignored_and_changes_nothing()
    {
        var order = (await Place(OrderType.Buy, 1m)).Order!;

        var result = await _desk.Engine.ApplyReportAsync(Report(order with { Id = "nope" }, ProviderOrderStatus.Executed, avgpx: 1.1m), default);

        Assert.Equal(ProviderReportOutcome.Ignored, result.Outcome);
        Assert.Equal(OrderStatus.Queued, (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!.Status);
    }

    [Fact]
    public async Task A_partial_fill_opens_the_filled_part_keeps_the_rest_working_with_its_margin_and_later_fills_complete_it_once_each()
    {
        var order = (await Place(OrderType.Buy, 3m)).Order!;
        var reserved = (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation.UsedMargin;

        var first = await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: 1.08520m) with { CumulativeQuantity = 1m }, default);

        Assert.Equal(ProviderReportOutcome.Applied, first.Outcome);
        var partly = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal((OrderStatus.Open, 1m, 2m, 1.08520m, 7m), (partly.Status, partly.Volume, partly.WorkingVolume, partly.OpenPrice, partly.Commission));
        var valuation = (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation;
        Assert.True(Math.Abs(reserved!.Value - valuation.UsedMargin!.Value) < 1m, $"reserved {reserved}, now {valuation.UsedMargin}");
        Assert.Single(valuation.Positions, p => p.OrderId == order.Id);

        // Still in flight: a reconnect sends the whole order again under its cl_ord_id.
        var inFlight = Assert.Single((await _desk.Engine.LoadInFlightAsync(default)).Orders);
        Assert.Equal(3m, Assert.IsType<NewOrderRequest>(Assert.Single(ProviderRequests.Of(inFlight))).Volume);

        // Not closed while the rest may still fill.
        var early = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Bob, order.Id, _desk.Key()), default);
        Assert.Equal(RefusalReason.InvalidState, early.Refusal);

        // A later report that does not raise cumqty is an old one: ignored, nothing changes.
        var stale = await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: 1.08520m) with { CumulativeQuantity = 1m }, default);
        Assert.Equal(ProviderReportOutcome.Ignored, stale.Outcome);

        var second = Report(order, ProviderOrderStatus.Executed, avgpx: 1.08525m) with { CumulativeQuantity = 2m };
        await _desk.Engine.ApplyReportAsync(second, default);
        Assert.Equal(ProviderReportOutcome.Duplicate, (await _desk.Engine.ApplyReportAsync(second, default)).Outcome);
        await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: 1.08530m) with { CumulativeQuantity = 3m }, default);

        var whole = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal((OrderStatus.Open, 3m, (decimal?)null, 1.08530m, 21m), (whole.Status, whole.Volume, whole.WorkingVolume, whole.OpenPrice, whole.Commission));
        Assert.Empty((await _desk.Engine.LoadInFlightAsync(default)).Orders);
        Assert.Single(_desk.Store.Outbox(TradingDesk.Bob), e => e.Event.Kind == "order_filled");
        Assert.Equal(2, _desk.Store.Outbox(TradingDesk.Bob).Count(e => e.Event.Kind == "order_partially_filled"));
        var beyond = await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: 1.08530m) with { CumulativeQuantity = 4m }, default);
        Assert.Equal(ProviderReportOutcome.Ignored, beyond.Outcome);
    }

    [Fact]
    public async Task A_cancel_after_partial_fills_keeps_the_filled_position_and_releases_the_rests_margin()
    {
        var order = (await Place(OrderType.Buy, 3m)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: 1.08520m) with { CumulativeQuantity = 1m }, default);
        var withRest = (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation.UsedMargin!.Value;

        var cancelled = await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Cancelled, reason: "NO_LIQUIDITY"), default);

        Assert.Equal(ProviderReportOutcome.Applied, cancelled.Outcome);
        var position = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;
        Assert.Equal((OrderStatus.Open, 1m, (decimal?)null, 1.08520m), (position.Status, position.Volume, position.WorkingVolume, position.OpenPrice));
        var used = (await _desk.Engine.ValueAsync(TradingDesk.Bob, default))!.Value.Valuation.UsedMargin!.Value;
        Assert.True(Math.Abs((withRest / 3m) - used) < 1m, $"with the rest {withRest}, now {used}");
        Assert.Single(_desk.Store.Outbox(TradingDesk.Bob), e => e.Event.Kind == "order_remainder_cancelled");
        Assert.Empty((await _desk.Engine.LoadInFlightAsync(default)).Orders);
    }

    [Fact]
    public async Task A_close_keeps_its_reason_through_the_providers_fill_stop_out_and_stop_loss_alike()
    {
        var stopped = await OpenAsync(stopLoss: 1.08400m);
        var liquidated = await OpenAsync();
        var fence = (await ((IAutoCutoffLocks)_desk.Store).TryLockStopOutAsync(TradingDesk.Bob, "test", TimeSpan.FromMinutes(1), default))!;

        var stopOut = await _desk.Engine.CloseForStopOutAsync(TradingDesk.Bob, liquidated.Id, fence, null, default);
        Assert.True(stopOut.RequestedAtProvider, stopOut.Detail);
        Assert.Equal("stop_out", stopOut.Order!.ProviderRequest!.Reason);
        await FillAsync(liquidated, (CloseRequest)_link.Sent.Last(), 1.08500m);

        _desk.Price("EURUSD", 1.08390m, 1.08410m);
        var stop = await _desk.Engine.FireStopAsync(TradingDesk.Bob, stopped.Id, OrderStatus.StopLoss, default);
        Assert.True(stop.RequestedAtProvider, stop.Detail);
        await FillAsync(stopped, (CloseRequest)_link.Sent.Last(), 1.08390m);

        var closedByStopOut = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, liquidated.Id, default))!;
        Assert.Equal((OrderStatus.Closed, "stop_out"), (closedByStopOut.Status, closedByStopOut.CloseReason));
        var closedByStop = (await _desk.Store.ReadOrderAsync(TradingDesk.Bob, stopped.Id, default))!;
        Assert.Equal((OrderStatus.StopLoss, (string?)null), (closedByStop.Status, closedByStop.CloseReason));
    }

    [Fact]
    public async Task A_stop_out_close_under_a_lost_lock_is_refused_STALE_FENCE_and_nothing_is_sent_or_recorded()
    {
        var open = await OpenAsync();
        var locks = (IAutoCutoffLocks)_desk.Store;
        var paused = (await locks.TryLockStopOutAsync(TradingDesk.Bob, "paused", TimeSpan.FromSeconds(1), default))!;
        _desk.Time.Advance(TimeSpan.FromSeconds(2));
        await locks.TryLockStopOutAsync(TradingDesk.Bob, "current", TimeSpan.FromSeconds(10), default);
        var sent = _link.Sent.Count;
        var events = _desk.Store.Outbox(TradingDesk.Bob).Count;

        var refused = await _desk.Engine.CloseForStopOutAsync(TradingDesk.Bob, open.Id, paused, new TradingEvent("autocutoff_decided", null, "{}", _desk.Time.GetUtcNow()), default);

        Assert.Equal(RefusalReason.StaleFence, refused.Refusal);
        Assert.Equal(sent, _link.Sent.Count);
        Assert.Equal(events, _desk.Store.Outbox(TradingDesk.Bob).Count);
        Assert.Null((await _desk.Store.ReadOrderAsync(TradingDesk.Bob, open.Id, default))!.ProviderRequest);
    }

    [Fact]
    public void An_outstanding_request_reads_back_with_its_reason_and_one_stored_before_reasons_existed_reads_without()
    {
        var withReason = new OutstandingRequest(OutstandingRequest.Close, 5, 1m, FinalStatus: OrderStatus.Closed, Reason: "stop_out");

        Assert.Equal("close|5|1||CLOSED|stop_out", withReason.Write());
        Assert.Equal(withReason, OutstandingRequest.Parse(withReason.Write()));
        Assert.Equal(new OutstandingRequest(OutstandingRequest.Close, 5, 1m, FinalStatus: OrderStatus.Closed), OutstandingRequest.Parse("close|5|1||CLOSED"));
        Assert.Throws<FormatException>(() => OutstandingRequest.Parse("close|5|1||CLOSED|stop_out|x"));
    }

    private async Task<Order> OpenAsync(decimal? stopLoss = null)
    {
        var order = (await _desk.Place(OrderType.Buy, 1m, stopLoss: stopLoss, account: TradingDesk.Bob)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: 1.08520m), default);
        return order;
    }

    private async Task FillAsync(Order order, CloseRequest close, decimal price)
    {
        var result = await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Executed, avgpx: price, clientOrderId: close.ClientOrderId), default);
        Assert.Equal(ProviderReportOutcome.Applied, result.Outcome);
    }

    private Task<OrderOutcome> Place(OrderType type, decimal volume, decimal? price = null, string? key = null) =>
        _desk.Place(type, volume, price: price, key: key, account: TradingDesk.Bob);

    private ExecutionReport Report(Order order, ProviderOrderStatus status, decimal? avgpx = null, decimal? price = null, string? reason = null, string? clientOrderId = null) =>
        TestReports.Of(order, status, "r" + Interlocked.Increment(ref _reports), _desk.Time.GetUtcNow(), avgpx, price, reason, clientOrderId);
}
