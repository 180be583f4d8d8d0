using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Engine;

/// <summary>
/// Provider execution: requests of provider-routed orders go to the <see cref="IProviderLink"/> after their commit, and
/// the gateway's execution reports are applied here, each in one atomic commit with its <c>report_id</c> as the commit's
/// idempotency key, so a repeated report changes nothing, on either store.
/// </summary>
public sealed partial class TradingEngine : IProviderExecution
{
    /// <summary>The idempotency keys of applied reports: <c>provider-report:{report_id}</c>; clients may not use the prefix.</summary>
    public const string ReportKeyPrefix = "provider-report:";

    /// <summary>The close reason of an order that could not be sent to the provider.</summary>
    public const string ProviderUnavailableReason = "PROVIDER_UNAVAILABLE";

    /// <summary>Provider refusals of closes, cancels and modifies remembered for <see cref="ProviderRejectionOf"/>.</summary>
    public const int RememberedRejections = 1_024;

    private readonly ConcurrentDictionary<string, string> _rejections = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _rejectionOrder = new();

    /// <summary>
    /// The reason the provider gave for refusing request <paramref name="clientOrderId"/> (a close, cancel or modify),
    /// when this engine applied that report lately; the order itself only loses the request.
    /// </summary>
    public string? ProviderRejectionOf(string clientOrderId) => _rejections.GetValueOrDefault(clientOrderId);

    public async Task<ProviderReportResult> ApplyReportAsync(ExecutionReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var key = ReportKeyPrefix + report.ReportId;
        if (await store.ReadPriorResultAsync(report.Account, key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new ProviderReportResult(ProviderReportOutcome.Duplicate, await store.ReadOrderAsync(report.Account, report.OrderId, cancellationToken).ConfigureAwait(false));
        }

        for (var attempt = 0; attempt < Math.Max(_options.MaxCommitAttempts, 32); attempt++)
        {
            if (await store.ReadAccountAsync(report.Account, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                return new ProviderReportResult(ProviderReportOutcome.Ignored, null, $"account {report.Account} does not exist");
            }

            if (state.ActiveOrders.FirstOrDefault(o => o.Id == report.OrderId) is not { } order)
            {
                var known = await store.ReadOrderAsync(report.Account, report.OrderId, cancellationToken).ConfigureAwait(false);
                return new ProviderReportResult(ProviderReportOutcome.Ignored, known, known is null ? "no such order" : $"the order is {TradingWire.Of(known.Status)}");
            }

            var terms = await TermsAsync(state.Account, order.Symbol, cancellationToken).ConfigureAwait(false);
            var (changed, balance, kind, ignored) = Decide(state, order, terms, report);
            if (changed is null)
            {
                return new ProviderReportResult(ProviderReportOutcome.Ignored, order, ignored);
            }

            var outcome = await store.CommitAsync(
                new AccountCommit
                {
                    Account = report.Account,
                    ExpectedRevision = state.Revision,
                    Orders = [changed],
                    BalanceChange = balance,
                    Events = [new TradingEvent(kind, order.Id, OrderJson.Write(changed), time.GetUtcNow())],
                    IdempotencyKey = key,
                    Result = order.Id + "|report",
                },
                cancellationToken).ConfigureAwait(false);
            switch (outcome.Status)
            {
                case CommitStatus.Committed:
                    Committed(order, changed, report);
                    return new ProviderReportResult(ProviderReportOutcome.Applied, changed);
                case CommitStatus.Duplicate:
                    return new ProviderReportResult(ProviderReportOutcome.Duplicate, order);
                case CommitStatus.UnknownAccount:
                    return new ProviderReportResult(ProviderReportOutcome.Ignored, null, $"account {report.Account} does not exist");
            }
        }

        throw new TradingStoreException($"Report {report.ReportId} of order {report.OrderId} lost the race for account {report.Account} too many times.");
    }

    /// <summary>The idempotency keys of the pending monitor's cancels: <c>pending-monitor:{order id}</c>, so an order gets one cancel from it, ever.</summary>
    public const string PendingMonitorKeyPrefix = "pending-monitor:";

    /// <summary>
    /// Cancels a provider order resting PENDING with nothing outstanding: commits PENDING-CANCEL with the cancel request
    /// under <c>pending-monitor:{id}</c>, then sends it (unsent, it stays outstanding for the next connect's re-send, since the
    /// key cannot be used twice: <see cref="OrderOutcome.Unsent"/>); a second call for the same order replays the first (the monitor
    /// records why; the order carries no close reason, since a cancel the provider refuses leaves it resting).
    /// </summary>
    public Task<OrderOutcome> CancelAtProviderAsync(AccountId account, string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        return ChangeAsync(
            account,
            orderId,
            PendingMonitorKeyPrefix + orderId,
            string.Join('|', "cancel", orderId),
            "cancel",
            (order, _, _, revision) => order.Status != OrderStatus.Pending || order.Route != ExecutionRoute.Provider || order.ProviderRequest is not null
                ? OrderOutcome.Refused(RefusalReason.InvalidState, $"Order {order.Id} is {TradingWire.Of(order.Status)}; only a provider order resting PENDING with nothing outstanding is cancelled here.")
                : ProviderChange(order, new OutstandingRequest(OutstandingRequest.Cancel, RequestNumber(revision)), OrderStatus.PendingCancel),
            cancellationToken,
            withdrawUnsent: false);
    }

    public async Task<ProviderInFlightScan> LoadInFlightAsync(CancellationToken cancellationToken)
    {
        var orders = new List<Order>();
        var routed = 0;
        foreach (var account in await store.ListAccountsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false) is { } state)
            {
                routed += state.Account.EffectiveRoute == ExecutionRoute.Provider ? 1 : 0;
                orders.AddRange(state.ActiveOrders.Where(o => ProviderRequests.Of(o).Count > 0));
            }
        }

        return new ProviderInFlightScan(orders, routed);
    }

    private static string PlacedEventOf(OrderStatus status) => status switch
    {
        OrderStatus.Open => "order_filled",
        OrderStatus.Queued or OrderStatus.PendingQueued => "order_queued",
        _ => "order_placed",
    };

    /// <summary>The number of a close, cancel or modify: the account's revision it was decided at, unique and rising for the order.</summary>
    private static int RequestNumber(long revision) => (int)Math.Clamp(revision, 1, int.MaxValue);

    private static OrderOutcome ProviderChange(Order order, OutstandingRequest request, OrderStatus status) =>
        OrderOutcome.Done(order with { Status = status, ProviderRequest = request });

    /// <summary>A committed QUEUED order goes to the link; if it cannot, it is rejected PROVIDER_UNAVAILABLE and its margin released.</summary>
    private async Task<OrderOutcome> SendPlacedAsync(Order order, CancellationToken cancellationToken)
    {
        if (provider is not null && provider.TrySend(ProviderRequests.NewOrder(order)))
        {
            LogExecuted(order, order.OpenQuote);
            Statistics.Committed(order, placed: true);
            Announce(order);
            return OrderOutcome.Done(order);
        }

        Statistics.Committed(order, placed: true);
        await SettleUnsentAsync(
            order.Account,
            order.Id,
            o => o.Status is OrderStatus.Queued or OrderStatus.PendingQueued
                ? o with { Status = OrderStatus.Rejected, ClosedAt = time.GetUtcNow(), CloseReason = ProviderUnavailableReason }
                : null,
            "order_rejected",
            cancellationToken).ConfigureAwait(false);
        return Refuse(
            "place",
            order.Account,
            order.Symbol,
            OrderOutcome.Refused(RefusalReason.ProviderUnavailable, $"Order {order.Id} could not be sent to the liquidity provider (link down or send queue full); it is rejected and its margin released."),
            order.ClientQuote,
            order.Side);
    }

    /// <summary>Commits a close outstanding on a provider position and sends it; null when the account changed meanwhile (recompute).</summary>
    /// <remarks>A stop-out's close is committed under its fence (refused STALE_FENCE, nothing sent, once the lock is lost) with its decision record.</remarks>
    private async Task<OrderOutcome?> RequestCloseAsync(
        AccountState state, Order order, OutstandingRequest request, string idempotencyKey, string fingerprint, StopOutClose? stopOut, CancellationToken cancellationToken)
    {
        if (order.ProviderRequest is { } outstanding)
        {
            // One committed by an instance that died before relaying it would wait for the link holder's next connect: a
            // client asking again sends it again, under its own cl_ord_id (the gateway answers a repeat once).
            ResendOutstanding(order);
            return Refuse("close", order.Account, order.Symbol, OrderOutcome.Refused(RefusalReason.InvalidState, $"Order {order.Id} has a {outstanding.Action} outstanding at the provider; it was sent again."));
        }

        if (ProviderRequests.IsPartlyFilled(order))
        {
            // Closing while the rest may still fill would leave the order's filled quantity unknown here: it closes once filled or its rest cancelled.
            return Refuse("close", order.Account, order.Symbol, OrderOutcome.Refused(
                RefusalReason.InvalidState, $"Order {order.Id} is filled in part ({order.Volume} lots) and {order.WorkingVolume} lots still work at the provider; it closes once filled or its rest is cancelled."));
        }

        if (provider is not { IsConnected: true })
        {
            return Refuse("close", order.Account, order.Symbol, OrderOutcome.Refused(RefusalReason.ProviderUnavailable, $"Order {order.Id} is held at the liquidity provider and no provider link is connected."));
        }

        var changed = order with { ProviderRequest = request };
        var requested = new TradingEvent("order_close_requested", order.Id, OrderJson.Write(changed), time.GetUtcNow());
        var outcome = await store.CommitAsync(
            new AccountCommit
            {
                Account = order.Account,
                ExpectedRevision = state.Revision,
                Orders = [changed],
                Events = stopOut?.Record is { } record ? [requested, record] : [requested],
                IdempotencyKey = idempotencyKey,
                Result = order.Id + "|" + fingerprint,
                Fence = stopOut?.Fence,
            },
            cancellationToken).ConfigureAwait(false);
        switch (outcome.Status)
        {
            case CommitStatus.Committed:
                Announce(changed);
                return await SendRequestAsync(changed, request, "close", cancellationToken).ConfigureAwait(false);
            case CommitStatus.Duplicate:
                return await ReplayAsync(order.Account, outcome.PriorResult, fingerprint, cancellationToken).ConfigureAwait(false);
            case CommitStatus.UnknownAccount:
                return Refuse("close", order.Account, order.Symbol, UnknownAccount(order.Account));
            case CommitStatus.Fenced:
                return Refuse("close", order.Account, order.Symbol, StaleFence(order.Account, stopOut));
            default:
                return null;
        }
    }

    /// <summary>Sends a committed close, cancel or modify; if it cannot go, takes it back off the order and refuses PROVIDER_UNAVAILABLE.</summary>
    private async Task<OrderOutcome> SendRequestAsync(Order changed, OutstandingRequest request, string action, CancellationToken cancellationToken)
    {
        if (provider is not null && provider.TrySend(ProviderRequests.Outstanding(changed, request)))
        {
            Statistics.Committed(changed, placed: false);
            return OrderOutcome.Done(changed);
        }

        await SettleUnsentAsync(
            changed.Account,
            changed.Id,
            o => o.ProviderRequest == request ? WithoutRequest(o) : null,
            "order_request_withdrawn",
            cancellationToken).ConfigureAwait(false);
        return Refuse(
            action,
            changed.Account,
            changed.Symbol,
            OrderOutcome.Refused(RefusalReason.ProviderUnavailable, $"The {request.Action} of order {changed.Id} could not be sent to the liquidity provider (link down or send queue full)."));
    }

    private static Order WithoutRequest(Order order) => order with
    {
        ProviderRequest = null,
        Status = order.Status == OrderStatus.PendingCancel ? OrderStatus.Pending : order.Status,
    };

    /// <summary>Commits what became of a request that was never sent (retrying lost races); nothing when the order moved on.</summary>
    private async Task SettleUnsentAsync(AccountId account, string orderId, Func<Order, Order?> settle, string kind, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Math.Max(_options.MaxCommitAttempts, 32); attempt++)
        {
            if (await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false) is not { } state
                || state.ActiveOrders.FirstOrDefault(o => o.Id == orderId) is not { } order
                || settle(order) is not { } settled)
            {
                return;
            }

            var outcome = await store.CommitAsync(
                new AccountCommit
                {
                    Account = account,
                    ExpectedRevision = state.Revision,
                    Orders = [settled],
                    Events = [new TradingEvent(kind, orderId, OrderJson.Write(settled), time.GetUtcNow())],
                },
                cancellationToken).ConfigureAwait(false);
            if (outcome.Status != CommitStatus.Conflict)
            {
                if (outcome.Status == CommitStatus.Committed)
                {
                    Statistics.Committed(settled, placed: false);
                    Announce(settled);
                }

                return;
            }
        }

        throw new TradingStoreException($"Order {orderId} of {account} could not be settled after its request was not sent: the account kept changing.");
    }

    /// <summary>What a report does to its order: the order after it, the balance change, the outbox event; or why it no longer fits.</summary>
    private (Order? Changed, decimal Balance, string Kind, string? Ignored) Decide(AccountState state, Order order, GroupSymbolTerms? terms, ExecutionReport report)
    {
        var now = time.GetUtcNow();
        var isNew = report.ClientOrderId == ProviderRequests.NewOrderId(order.Id);
        var outstanding = order.ProviderRequest;
        var answersOutstanding = outstanding is not null && report.ClientOrderId == outstanding.ClientOrderId(order.Id);
        switch (report.Status)
        {
            case ProviderOrderStatus.Executed when isNew && ProviderRequests.AwaitsNewOrder(order):
                return Filled(order, terms, report, now);
            case ProviderOrderStatus.Executed when answersOutstanding && outstanding!.Action == OutstandingRequest.Close && OrderTypeRules.IsOpenPosition(order.Status):
                return Closed(state, order, terms, report, outstanding, now);
            case ProviderOrderStatus.Executed when outstanding is null && OrderTypeRules.IsOpenPosition(order.Status) && WithdrawnClose(order.Id, report.ClientOrderId) is { } withdrawn:
                // A close taken back off the order after its send was refused, which a reconnect's re-send (reading the
                // store just before) got to the provider anyway: the provider has closed, so the position closes here too.
                LogWithdrawnCloseExecuted(order, report);
                return Closed(state, order, terms, report, withdrawn, now);
            case ProviderOrderStatus.Pending when isNew && order.Status == OrderStatus.PendingQueued:
                return (order with { Status = OrderStatus.Pending, PendingPrice = report.Price ?? order.PendingPrice }, 0m, "order_placed", null);
            case ProviderOrderStatus.Rejected when isNew && order.Status is OrderStatus.Queued or OrderStatus.PendingQueued:
                return (order with { Status = OrderStatus.Rejected, ClosedAt = now, CloseReason = report.Reason ?? "REJECTED", ProviderRequest = null }, 0m, "order_rejected", null);
            case ProviderOrderStatus.Rejected when answersOutstanding:
                LogRequestRejected(order, outstanding!, report);
                return (WithoutRequest(order), 0m, "order_request_rejected", null);
            case ProviderOrderStatus.Cancelled when (isNew || answersOutstanding) && ProviderRequests.IsPartlyFilled(order):
                // The rest of a partly filled order is cancelled: the filled part stays the position, the rest's margin is released.
                return (order with { WorkingVolume = null, ProviderRequest = answersOutstanding ? null : order.ProviderRequest }, 0m, "order_remainder_cancelled", null);
            case ProviderOrderStatus.Cancelled when (isNew || answersOutstanding) && OrderTypeRules.IsResting(order.Status):
                return (order with
                {
                    Status = OrderStatus.Cancelled,
                    ClosedAt = now,
                    CloseReason = answersOutstanding ? order.CloseReason : report.Reason ?? "cancelled by the provider",
                    ProviderRequest = null,
                }, 0m, "order_cancelled", null);
            case ProviderOrderStatus.Modify when answersOutstanding && outstanding!.Action == OutstandingRequest.Modify:
                return (order with { PendingPrice = report.Price ?? outstanding.Price ?? order.PendingPrice, ProviderRequest = null }, 0m, "order_modified", null);
            default:
                return (null, 0m, string.Empty, $"{ProviderMessageCodec.StatusName(report.Status)} of {report.ClientOrderId} does not fit an order {TradingWire.Of(order.Status)}");
        }
    }

    /// <summary>
    /// A fill of the order's new order, whole or in part: <c>cumqty</c> is all filled so far and <c>avgpx</c> its
    /// average price weighted by quantity (FIX's AvgPx), so the position is <c>cumqty</c> lots at <c>avgpx</c> and the
    /// rest keeps working (<see cref="Order.WorkingVolume"/>, its margin reserved). A report whose <c>cumqty</c> is not
    /// above what was applied is an old one, ignored; one above the order's quantity is refused.
    /// </summary>
    private (Order? Changed, decimal Balance, string Kind, string? Ignored) Filled(Order order, GroupSymbolTerms? terms, ExecutionReport report, DateTimeOffset now)
    {
        if (report.AveragePrice is not { } fill)
        {
            return (null, 0m, string.Empty, "an EXECUTED report without avgpx");
        }

        var ordered = ProviderRequests.OrderedVolume(order);
        var applied = ProviderRequests.IsPartlyFilled(order) ? order.Volume : 0m;
        var volume = report.CumulativeQuantity > 0m ? report.CumulativeQuantity : ordered;
        if (volume <= applied)
        {
            return (null, 0m, string.Empty, $"cumqty {volume} is not above the {applied} lots already filled");
        }

        if (volume > ordered)
        {
            return (null, 0m, string.Empty, $"cumqty {volume} is above the {ordered} lots ordered");
        }

        var working = ordered - volume;

        // The book's quote at the fill, for a resting order (a queued one keeps the quote it was sent on), so the provider's price can be compared with ours.
        var lineage = order.OpenQuote ?? (Guard(order.Symbol).Quote is { } quote ? QuoteLineage.Of(quote, now, terms?.HalfSpread) : null);
        var opened = order with
        {
            Status = OrderStatus.Open,
            Volume = volume,
            WorkingVolume = working > 0m ? working : null,
            OpenPrice = fill,
            OpenedAt = order.OpenedAt ?? now,
            Commission = terms is null ? 0m : PositionMath.Commission(terms, volume),
            OpenQuote = lineage,

            // A cancel that lost the race with the whole fill is answered NOT_RESTING; one sent while the rest works may still cancel it.
            ProviderRequest = working > 0m ? order.ProviderRequest : order.ProviderRequest is { Action: OutstandingRequest.Close } close ? close : null,
        };
        return (opened, 0m, applied > 0m ? "order_partially_filled" : "order_filled", null);
    }

    private (Order? Changed, decimal Balance, string Kind, string? Ignored) Closed(
        AccountState state, Order order, GroupSymbolTerms? terms, ExecutionReport report, OutstandingRequest request, DateTimeOffset now)
    {
        if (report.AveragePrice is not { } closePrice || order.OpenPrice is not { } openPrice)
        {
            return (null, 0m, string.Empty, "an EXECUTED close without avgpx, or of a position without an entry");
        }

        if (terms is null)
        {
            return (null, 0m, string.Empty, $"group {order.Group} no longer lists {order.Symbol}: the close cannot be valued");
        }

        var closing = Math.Min(report.CumulativeQuantity > 0m ? report.CumulativeQuantity : request.Volume ?? order.Volume, order.Volume);
        var gross = PositionMath.Profit(order.Side, openPrice, closePrice, closing, terms.ContractSize);

        // The provider has closed: the profit is converted at the freshest rate the book holds, refused as stale or not.
        var profit = ToAccountCurrency(gross, terms.ProfitCurrency, state.Account.Currency) ?? LastRateProfit(gross, terms.ProfitCurrency, state.Account.Currency);
        if (profit is not { } realised)
        {
            return (null, 0m, string.Empty, $"no price converts {terms.ProfitCurrency} to {state.Account.Currency}");
        }

        var whole = closing == order.Volume;
        var fraction = closing / order.Volume;
        var commission = whole ? order.Commission : PositionMath.Money(order.Commission * fraction);
        var swap = whole ? order.Swap : PositionMath.Money(order.Swap * fraction);
        var closed = order with
        {
            Volume = whole ? order.Volume : order.Volume - closing,
            Status = whole ? request.FinalStatus ?? OrderStatus.Closed : order.Status,
            Commission = order.Commission - commission,
            Swap = order.Swap - swap,
            RealisedProfit = order.RealisedProfit + realised + swap - commission,
            ClosePrice = closePrice,
            ClosedAt = whole ? now : null,
            CloseQuote = Guard(order.Symbol).Quote is { } quote ? QuoteLineage.Of(quote, now, terms.HalfSpread) : null,

            // The reason the close was asked for (a stop-out's) is the one it closed for, as a local close records it.
            CloseReason = request.Reason ?? order.CloseReason,
            ProviderRequest = null,
        };
        return (closed, realised + swap - commission, whole ? "order_closed" : "order_partially_closed", null);
    }

    private decimal? LastRateProfit(decimal gross, string currency, string accountCurrency)
    {
        if (ConversionOf(currency, accountCurrency) is not { } conversion)
        {
            return null;
        }

        if (conversion.Symbol is not { } cross)
        {
            return PositionMath.Money(gross);
        }

        return Guard(cross).Quote is { } quote ? PositionMath.Money(conversion.Apply(gross, quote.Bid, quote.Ask)) : null;
    }

    private void Committed(Order before, Order changed, ExecutionReport report)
    {
        if (report.Status == ProviderOrderStatus.Rejected && before.ProviderRequest is { } refused && report.ClientOrderId == refused.ClientOrderId(before.Id))
        {
            RememberRejection(report.ClientOrderId, report.Reason ?? "no reason given");
        }

        if (changed.Status == OrderStatus.Open && before.Status != OrderStatus.Open)
        {
            LogExecuted(changed, changed.OpenQuote);
        }
        else if (changed.ClosePrice != before.ClosePrice && changed.ClosePrice is { } price && logger.IsEnabled(LogLevel.Information))
        {
            var accountText = changed.Account.ToString();
            var lineage = changed.CloseQuote;
            TradingEngineLog.Closed(
                logger, changed.Id, accountText, report.CumulativeQuantity, price, changed.RealisedProfit - before.RealisedProfit, lineage?.BookSequence ?? 0, lineage?.Feed ?? "-", lineage?.AgeMilliseconds ?? 0);
        }

        Statistics.Committed(changed, placed: false);
        Announce(changed);
    }

    private void RememberRejection(string clientOrderId, string reason)
    {
        if (_rejections.TryAdd(clientOrderId, reason))
        {
            _rejectionOrder.Enqueue(clientOrderId);
            while (_rejectionOrder.Count > RememberedRejections && _rejectionOrder.TryDequeue(out var oldest))
            {
                _rejections.TryRemove(oldest, out _);
            }
        }
    }

    /// <summary>The close request a <c>cl_ord_id</c> of this order names (<c>{id}-close-{n}</c>), or null.</summary>
    private static OutstandingRequest? WithdrawnClose(string orderId, string clientOrderId)
    {
        var prefix = OutstandingRequest.ClientOrderIdOf(orderId, OutstandingRequest.Close, 0)[..^1];
        return clientOrderId.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(clientOrderId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? new OutstandingRequest(OutstandingRequest.Close, number)
            : null;
    }

    private void LogWithdrawnCloseExecuted(Order order, ExecutionReport report)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            TradingEngineLog.WithdrawnCloseExecuted(logger, report.ClientOrderId, order.Id, order.Account.ToString(), report.CumulativeQuantity, report.AveragePrice);
        }
    }

    private void LogRequestRejected(Order order, OutstandingRequest request, ExecutionReport report)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            var accountText = order.Account.ToString();
            TradingEngineLog.ProviderRequestRejected(logger, request.Action, order.Id, accountText, report.Reason ?? "no reason given");
        }
    }
}
