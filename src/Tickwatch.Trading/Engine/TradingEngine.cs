using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Forensics;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Engine;

/// <summary>
/// Places, closes, cancels and modifies orders: each request is checked against a guarded quote (fresh, open market,
/// younger than the execution age), priced with the half spread on the right side, margin-checked on the portfolio
/// formulas, and committed in one atomic step per account; a lost race is recomputed, never double-reserved.
/// An account routed to the provider has its orders committed QUEUED (margin reserved) and sent over the
/// <see cref="IProviderLink"/>; the gateway's reports complete them (<c>TradingEngine.Provider.cs</c>).
/// </summary>
public sealed partial class TradingEngine(
    ITradingStore store,
    PriceBook book,
    IOptions<TradingOptions> options,
    TimeProvider time,
    ILogger<TradingEngine> logger,
    IEnumerable<IOrderObserver>? observers = null,
    TradingStatistics? statistics = null,
    IProviderLink? provider = null)
{
    private const int MaxIdempotencyKeyLength = 128;
    private readonly TradingOptions _options = options.Value;
    private readonly QuoteGuard _guard = new(book, options, time);
    private readonly ViewMismatchMonitor _views = new(time, options.Value.ViewMismatchPips, options.Value.ViewMismatchRate);
    private readonly IOrderObserver[] _observers = observers?.ToArray() ?? [];

    public TradingStatistics Statistics { get; } = statistics ?? new TradingStatistics();

    /// <summary>How market fills compared with the prices their clients sent.</summary>
    public ViewMismatchMonitor Views => _views;

    public async Task<OrderOutcome> PlaceAsync(PlaceOrder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Malformed(request.IdempotencyKey) is { } badKey)
        {
            return Refuse("place", request.Account, request.Symbol, badKey);
        }

        if (!_guard.IsListed(request.Symbol))
        {
            return Refuse("place", request.Account, request.Symbol, OrderOutcome.Refused(RefusalReason.UnknownSymbol, $"{request.Symbol} is not a listed symbol."));
        }

        var fingerprint = request.Fingerprint();
        if (await store.ReadPriorResultAsync(request.Account, request.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { } prior)
        {
            return await ReplayAsync(request.Account, prior, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; attempt < _options.MaxCommitAttempts; attempt++)
        {
            var decision = await DecidePlacementAsync(request, cancellationToken).ConfigureAwait(false);
            if (decision.Refusal is { } refused)
            {
                return Refuse("place", request.Account, request.Symbol, refused, ClientQuote.Of(request), OrderTypeRules.SideOf(request.Type));
            }

            var (state, order) = (decision.State!, decision.Order!);
            var outcome = await store.CommitAsync(
                new AccountCommit
                {
                    Account = request.Account,
                    ExpectedRevision = state.Revision,
                    Orders = [order],
                    Events = [new TradingEvent(PlacedEventOf(order.Status), order.Id, OrderJson.Write(order), time.GetUtcNow())],
                    IdempotencyKey = request.IdempotencyKey,
                    Result = order.Id + "|" + fingerprint,
                },
                cancellationToken).ConfigureAwait(false);
            switch (outcome.Status)
            {
                case CommitStatus.Committed:
                    if (order.Route == ExecutionRoute.Provider)
                    {
                        return await SendPlacedAsync(order, cancellationToken).ConfigureAwait(false);
                    }

                    LogExecuted(order, order.OpenQuote);
                    Statistics.Committed(order, placed: true);
                    if (order.Status == OrderStatus.Open)
                    {
                        _views.Filled(order, decision.Pip);
                    }

                    Announce(order);
                    return OrderOutcome.Done(order);
                case CommitStatus.Duplicate:
                    return await ReplayAsync(request.Account, outcome.PriorResult, fingerprint, cancellationToken).ConfigureAwait(false);
                case CommitStatus.UnknownAccount:
                    return Refuse("place", request.Account, request.Symbol, UnknownAccount(request.Account));
            }
        }

        return Refuse("place", request.Account, request.Symbol, Busy());
    }

    public async Task<OrderOutcome> CloseAsync(CloseOrder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await CloseAtAsync(request.Account, request.OrderId, request.Volume, OrderStatus.Closed, request.IdempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes a position whole or in part at the guarded closing price; <paramref name="finalStatus"/> is CLOSED, or STOPLOSS/TAKEPROFIT for a trigger.</summary>
    public Task<OrderOutcome> CloseAtAsync(AccountId account, string orderId, decimal? volume, OrderStatus finalStatus, string idempotencyKey, CancellationToken cancellationToken) =>
        CloseAtAsync(account, orderId, volume, finalStatus, idempotencyKey, check: null, stopOut: null, cancellationToken);

    /// <summary>
    /// A stop-out's close of a whole position (CLOSED, close reason <c>stop_out</c>), once per order and fence, written only while
    /// <paramref name="fence"/> still holds the account's stop-out lock (else refused with
    /// <see cref="RefusalReason.StaleFence"/>); <paramref name="record"/> (AutoCutoff's decision) goes into the same commit.
    /// A provider-routed position is not closed at once: the commit puts the close outstanding and sends it, and the
    /// outcome says so (<see cref="OrderOutcome.RequestedAtProvider"/>); the provider's fill closes it with the reason.
    /// </summary>
    public Task<OrderOutcome> CloseForStopOutAsync(AccountId account, string orderId, StopOutFence fence, TradingEvent? record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);

        // One close per order and stop-out run: a run under a newer fence may close again what the provider refused.
        var key = string.Create(CultureInfo.InvariantCulture, $"stop_out:{orderId}:{fence.Token}");
        return CloseAtAsync(account, orderId, null, OrderStatus.Closed, key, check: null, new StopOutClose(fence, record), cancellationToken);
    }

    /// <summary>
    /// A stop-loss or take-profit firing: closes the whole position as STOPLOSS or TAKEPROFIT, once (its idempotency key is
    /// the order's and the stop's), and only if the guarded closing price still crosses the stop; otherwise refuses with
    /// <see cref="RefusalReason.Requote"/> (no longer crossed) or the price's refusal, and the trigger stays armed.
    /// </summary>
    public Task<OrderOutcome> FireStopAsync(AccountId account, string orderId, OrderStatus stop, CancellationToken cancellationToken)
    {
        if (stop is not (OrderStatus.StopLoss or OrderStatus.TakeProfit))
        {
            throw new ArgumentOutOfRangeException(nameof(stop), stop, "A stop is STOPLOSS or TAKEPROFIT.");
        }

        var key = "trigger:" + orderId + (stop == OrderStatus.StopLoss ? ":sl" : ":tp");
        return CloseAtAsync(account, orderId, null, stop, key, (order, closePrice) => StopCrossed(order, stop, closePrice), stopOut: null, cancellationToken);
    }

    private static OrderOutcome? StopCrossed(Order order, OrderStatus stop, decimal closePrice)
    {
        var crossed = stop == OrderStatus.StopLoss
            ? order.StopLoss is { } stopLoss && TriggerRule.StopLossFires(order.Side, stopLoss, closePrice)
            : order.TakeProfit is { } takeProfit && TriggerRule.TakeProfitFires(order.Side, takeProfit, closePrice);
        return crossed
            ? null
            : OrderOutcome.Refused(RefusalReason.Requote, $"The {TradingWire.Of(stop)} of order {order.Id} is not crossed at {closePrice.ToString(CultureInfo.InvariantCulture)}.", executablePrice: closePrice);
    }

    private async Task<OrderOutcome> CloseAtAsync(
        AccountId account,
        string orderId,
        decimal? volume,
        OrderStatus finalStatus,
        string idempotencyKey,
        Func<Order, decimal, OrderOutcome?>? check,
        StopOutClose? stopOut,
        CancellationToken cancellationToken)
    {
        if (Malformed(idempotencyKey) is { } badKey)
        {
            return Refuse("close", account, orderId, badKey);
        }

        var fingerprint = string.Join('|', "close", orderId, volume?.ToString(CultureInfo.InvariantCulture));
        if (await store.ReadPriorResultAsync(account, idempotencyKey, cancellationToken).ConfigureAwait(false) is { } prior)
        {
            return await ReplayAsync(account, prior, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; attempt < _options.MaxCommitAttempts; attempt++)
        {
            if (await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                return Refuse("close", account, orderId, UnknownAccount(account));
            }

            if (state.ActiveOrders.FirstOrDefault(o => o.Id == orderId) is not { } order)
            {
                return Refuse("close", account, orderId, NotFound(orderId));
            }

            if (!OrderTypeRules.IsOpenPosition(order.Status))
            {
                return Refuse("close", account, order.Symbol, OrderOutcome.Refused(RefusalReason.InvalidState, $"Order {orderId} is {TradingWire.Of(order.Status)}, not an open position."));
            }

            if (await TermsAsync(state.Account, order.Symbol, cancellationToken).ConfigureAwait(false) is not { } terms)
            {
                return Refuse("close", account, order.Symbol, NotTraded(state.Account, order.Symbol));
            }

            var closing = volume ?? order.Volume;
            if (closing > order.Volume || !terms.IsValidVolume(closing) && closing != order.Volume)
            {
                return Refuse("close", account, order.Symbol, OrderOutcome.Refused(RefusalReason.InvalidVolume, $"Cannot close {closing} of {order.Volume} lots (step {terms.VolumeStep})."));
            }

            var guarded = Guard(order.Symbol);
            if (!guarded.IsUsable)
            {
                return Refuse("close", account, order.Symbol, PriceRefusal(order.Symbol, guarded));
            }

            var quote = guarded.Usable;
            var closePrice = ExecutionPricing.Close(order.Side, quote.Bid, quote.Ask, terms.HalfSpread);
            if (check?.Invoke(order, closePrice) is { } notNow)
            {
                return notNow;
            }

            if (order.Route == ExecutionRoute.Provider)
            {
                // The provider closes at its own price; the position stays open with the close outstanding until its report.
                var request = new OutstandingRequest(
                    OutstandingRequest.Close, RequestNumber(state.Revision), closing, FinalStatus: finalStatus, Reason: stopOut is null ? null : Ledger.LedgerChanges.StopOutReason);
                if (await RequestCloseAsync(state, order, request, idempotencyKey, fingerprint, stopOut, cancellationToken).ConfigureAwait(false) is { } requested)
                {
                    return requested;
                }

                continue;
            }

            var gross = PositionMath.Profit(order.Side, order.OpenPrice!.Value, closePrice, closing, terms.ContractSize);
            if (ToAccountCurrency(gross, terms.ProfitCurrency, state.Account.Currency) is not { } profit)
            {
                return Refuse("close", account, order.Symbol, OrderOutcome.Refused(RefusalReason.StalePrice, $"No fresh price converts {terms.ProfitCurrency} to {state.Account.Currency}."));
            }

            var now = time.GetUtcNow();
            var whole = closing == order.Volume;
            var fraction = closing / order.Volume;
            var commission = whole ? order.Commission : PositionMath.Money(order.Commission * fraction);
            var swap = whole ? order.Swap : PositionMath.Money(order.Swap * fraction);
            var lineage = QuoteLineage.Of(quote, now, terms.HalfSpread);
            var closed = order with
            {
                Volume = whole ? order.Volume : order.Volume - closing,
                Status = whole ? finalStatus : order.Status,
                Commission = order.Commission - commission,
                Swap = order.Swap - swap,
                RealisedProfit = order.RealisedProfit + profit + swap - commission,
                ClosePrice = closePrice,
                ClosedAt = whole ? now : null,
                CloseQuote = lineage,
                CloseReason = stopOut is null ? order.CloseReason : Ledger.LedgerChanges.StopOutReason,
            };
            TradingEvent[] events = stopOut?.Record is { } record
                ? [new TradingEvent(whole ? "order_closed" : "order_partially_closed", order.Id, OrderJson.Write(closed), now), record]
                : [new TradingEvent(whole ? "order_closed" : "order_partially_closed", order.Id, OrderJson.Write(closed), now)];
            var outcome = await store.CommitAsync(
                new AccountCommit
                {
                    Account = account,
                    ExpectedRevision = state.Revision,
                    Orders = [closed],
                    BalanceChange = profit + swap - commission,
                    Events = events,
                    IdempotencyKey = idempotencyKey,
                    Result = order.Id + "|" + fingerprint,
                    Fence = stopOut?.Fence,
                },
                cancellationToken).ConfigureAwait(false);
            switch (outcome.Status)
            {
                case CommitStatus.Committed:
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        var accountText = account.ToString();
                        TradingEngineLog.Closed(logger, order.Id, accountText, closing, closePrice, profit + swap - commission, lineage.BookSequence, lineage.Feed, lineage.AgeMilliseconds);
                    }

                    Statistics.Committed(closed, placed: false);
                    Announce(closed);
                    return OrderOutcome.Done(closed);
                case CommitStatus.Duplicate:
                    return await ReplayAsync(account, outcome.PriorResult, fingerprint, cancellationToken).ConfigureAwait(false);
                case CommitStatus.UnknownAccount:
                    return Refuse("close", account, order.Symbol, UnknownAccount(account));
                case CommitStatus.Fenced:
                    return Refuse("close", account, order.Symbol, StaleFence(account, stopOut));
            }
        }

        return Refuse("close", account, orderId, Busy());
    }

    /// <summary>
    /// A pending order's trigger firing: fills it at the guarded opening price (half spread included), once (its
    /// idempotency key is the order's), and only if that price still crosses the order's; otherwise refuses with
    /// <see cref="RefusalReason.Requote"/> (no longer crossed) or the price's refusal, and the trigger stays armed.
    /// </summary>
    public async Task<OrderOutcome> FillPendingAsync(AccountId account, string orderId, CancellationToken cancellationToken)
    {
        var key = "trigger:" + orderId + ":fill";
        var now = time.GetUtcNow();
        return await ChangeAsync(
            account,
            orderId,
            key,
            string.Join('|', "fill", orderId),
            "fill",
            (order, terms, quote, _) =>
            {
                if (order.Status != OrderStatus.Pending || order.Route != ExecutionRoute.Local || order.PendingPrice is not { } trigger)
                {
                    return OrderOutcome.Refused(RefusalReason.InvalidState, $"Order {order.Id} is {TradingWire.Of(order.Status)}, not a PENDING order.");
                }

                var opening = ExecutionPricing.Open(order.Side, quote.Bid, quote.Ask, terms.HalfSpread);
                if (!TriggerRule.PendingFires(order.Type, trigger, opening))
                {
                    return OrderOutcome.Refused(
                        RefusalReason.Requote,
                        $"Order {order.Id} at {trigger.ToString(CultureInfo.InvariantCulture)} is not crossed at {opening.ToString(CultureInfo.InvariantCulture)}.",
                        executablePrice: opening);
                }

                return OrderOutcome.Done(order with
                {
                    Status = OrderStatus.Open,
                    OpenPrice = opening,
                    OpenedAt = now,
                    Commission = PositionMath.Commission(terms, order.Volume),
                    OpenQuote = QuoteLineage.Of(quote, now, terms.HalfSpread),
                });
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<OrderOutcome> CancelAsync(CancelOrder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ChangeAsync(
            request.Account,
            request.OrderId,
            request.IdempotencyKey,
            string.Join('|', "cancel", request.OrderId),
            "cancel",
            (order, _, _, revision) => order.Status != OrderStatus.Pending
                ? OrderOutcome.Refused(RefusalReason.InvalidState, $"Order {order.Id} is {TradingWire.Of(order.Status)}; only a PENDING order is cancelled.")
                : order.Route == ExecutionRoute.Provider
                    ? ProviderChange(order, new OutstandingRequest(OutstandingRequest.Cancel, RequestNumber(revision)), OrderStatus.PendingCancel)
                    : OrderOutcome.Done(order with { Status = OrderStatus.Cancelled, ClosedAt = time.GetUtcNow() }),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<OrderOutcome> ModifyAsync(ModifyOrder request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fingerprint = string.Join(
            '|',
            "modify",
            request.OrderId,
            request.StopLoss?.ToString(CultureInfo.InvariantCulture),
            request.TakeProfit?.ToString(CultureInfo.InvariantCulture),
            request.Price?.ToString(CultureInfo.InvariantCulture));
        return await ChangeAsync(
            request.Account,
            request.OrderId,
            request.IdempotencyKey,
            fingerprint,
            "modify",
            (order, terms, quote, revision) => Modified(order, terms, quote, request, revision),
            cancellationToken).ConfigureAwait(false);
    }

    private static OrderOutcome Modified(Order order, GroupSymbolTerms terms, Quote quote, ModifyOrder request, long revision)
    {
        var pending = order.Status == OrderStatus.Pending;
        if (order.ProviderRequest is not null)
        {
            return OrderOutcome.Refused(RefusalReason.InvalidState, $"Order {order.Id} has a {order.ProviderRequest.Action} outstanding at the provider.");
        }

        if (!pending && !OrderTypeRules.IsOpenPosition(order.Status))
        {
            return OrderOutcome.Refused(RefusalReason.InvalidState, $"Order {order.Id} is {TradingWire.Of(order.Status)}; only an open position or a PENDING order changes.");
        }

        if (request.Price is not null && !pending)
        {
            return OrderOutcome.Refused(RefusalReason.InvalidState, $"Order {order.Id} is open; only a pending order's price changes.");
        }

        var changed = order with
        {
            PendingPrice = request.Price ?? order.PendingPrice,
            StopLoss = request.StopLoss is { } sl ? (sl == 0m ? null : sl) : order.StopLoss,
            TakeProfit = request.TakeProfit is { } tp ? (tp == 0m ? null : tp) : order.TakeProfit,
        };
        if (Stops(changed, terms, quote) is { } refusal)
        {
            return refusal;
        }

        // Stops are watched here for either route; a resting price at the provider changes only when it says so.
        return order.Route == ExecutionRoute.Provider && request.Price is { } price && price != order.PendingPrice
            ? ProviderChange(changed with { PendingPrice = order.PendingPrice }, new OutstandingRequest(OutstandingRequest.Modify, RequestNumber(revision), Price: price), OrderStatus.Pending)
            : OrderOutcome.Done(changed);
    }

    /// <summary>Refuses a pending price or a stop that would fire at once, or sits on the wrong side.</summary>
    private static OrderOutcome? Stops(Order order, GroupSymbolTerms terms, Quote quote)
    {
        var side = order.Side;
        decimal reference;
        if (order.Status is OrderStatus.Pending or OrderStatus.PendingQueued)
        {
            var opening = ExecutionPricing.Open(side, quote.Bid, quote.Ask, terms.HalfSpread);
            if (order.PendingPrice is not { } price || !TriggerRule.PendingPriceRests(order.Type, price, opening))
            {
                return OrderOutcome.Refused(
                    RefusalReason.InvalidPrice,
                    $"A {TradingWire.Of(order.Type)} at {order.PendingPrice?.ToString(CultureInfo.InvariantCulture) ?? "no price"} would not rest with the market opening at {opening.ToString(CultureInfo.InvariantCulture)}.",
                    executablePrice: opening);
            }

            reference = price;
        }
        else
        {
            reference = ExecutionPricing.Close(side, quote.Bid, quote.Ask, terms.HalfSpread);
        }

        if (order.StopLoss is { } stopLoss && !TriggerRule.StopLossRests(side, stopLoss, reference))
        {
            return OrderOutcome.Refused(
                RefusalReason.InvalidPrice, $"Stop-loss {stopLoss.ToString(CultureInfo.InvariantCulture)} of a {TradingWire.Of(side)} must be on the losing side of {reference.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (order.TakeProfit is { } takeProfit && !TriggerRule.TakeProfitRests(side, takeProfit, reference))
        {
            return OrderOutcome.Refused(
                RefusalReason.InvalidPrice, $"Take-profit {takeProfit.ToString(CultureInfo.InvariantCulture)} of a {TradingWire.Of(side)} must be on the winning side of {reference.ToString(CultureInfo.InvariantCulture)}.");
        }

        return null;
    }

    private async Task<OrderOutcome> ChangeAsync(
        AccountId account,
        string orderId,
        string idempotencyKey,
        string fingerprint,
        string action,
        Func<Order, GroupSymbolTerms, Quote, long, OrderOutcome> change,
        CancellationToken cancellationToken,
        bool withdrawUnsent = true)
    {
        if (Malformed(idempotencyKey) is { } badKey)
        {
            return Refuse(action, account, orderId, badKey);
        }

        if (await store.ReadPriorResultAsync(account, idempotencyKey, cancellationToken).ConfigureAwait(false) is { } prior)
        {
            return await ReplayAsync(account, prior, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; attempt < _options.MaxCommitAttempts; attempt++)
        {
            if (await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                return Refuse(action, account, orderId, UnknownAccount(account));
            }

            if (state.ActiveOrders.FirstOrDefault(o => o.Id == orderId) is not { } order)
            {
                return Refuse(action, account, orderId, NotFound(orderId));
            }

            if (await TermsAsync(state.Account, order.Symbol, cancellationToken).ConfigureAwait(false) is not { } terms)
            {
                return Refuse(action, account, order.Symbol, NotTraded(state.Account, order.Symbol));
            }

            // A cancel needs no price; a change of stops or trigger is checked against a guarded one.
            var guarded = Guard(order.Symbol);
            if (action != "cancel" && !guarded.IsUsable)
            {
                return Refuse(action, account, order.Symbol, PriceRefusal(order.Symbol, guarded));
            }

            var decided = change(order, terms, guarded.Quote!, state.Revision);
            if (decided.Refusal is not null || decided.Order is not { } changed)
            {
                return Refuse(action, account, order.Symbol, decided);
            }

            var outcome = await store.CommitAsync(
                new AccountCommit
                {
                    Account = account,
                    ExpectedRevision = state.Revision,
                    Orders = [changed],
                    Events = [new TradingEvent(EventKindOf(action), order.Id, OrderJson.Write(changed), time.GetUtcNow())],
                    IdempotencyKey = idempotencyKey,
                    Result = order.Id + "|" + fingerprint,
                },
                cancellationToken).ConfigureAwait(false);
            switch (outcome.Status)
            {
                case CommitStatus.Committed when changed.ProviderRequest is { } request && order.ProviderRequest is null:
                    Announce(changed);
                    return withdrawUnsent ? await SendRequestAsync(changed, request, action, cancellationToken).ConfigureAwait(false) : SendOrKeep(changed, request);
                case CommitStatus.Committed:
                    if (action == "fill")
                    {
                        LogExecuted(changed, changed.OpenQuote);
                    }
                    else if (logger.IsEnabled(LogLevel.Information))
                    {
                        var accountText = account.ToString();
                        TradingEngineLog.Changed(logger, order.Id, accountText, action == "cancel" ? "cancelled" : "modified");
                    }

                    Statistics.Committed(changed, placed: false);
                    Announce(changed);
                    return OrderOutcome.Done(changed);
                case CommitStatus.Duplicate:
                    return await ReplayAsync(account, outcome.PriorResult, fingerprint, cancellationToken).ConfigureAwait(false);
                case CommitStatus.UnknownAccount:
                    return Refuse(action, account, order.Symbol, UnknownAccount(account));
            }
        }

        return Refuse(action, account, orderId, Busy());
    }

    /// <summary>What a stop-out adds to a close: the fence its commit is checked against, and the decision recorded with it.</summary>
    private sealed record StopOutClose(StopOutFence Fence, TradingEvent? Record);

    private static OrderOutcome StaleFence(AccountId account, StopOutClose? stopOut) =>
        OrderOutcome.Refused(RefusalReason.StaleFence, $"The stop-out fence {stopOut?.Fence.Value} no longer holds the lock of {account}: nothing was closed.");

    private static string EventKindOf(string action) => action switch
    {
        "cancel" => "order_cancelled",
        "fill" => "order_filled",
        _ => "order_modified",
    };

    private void Announce(Order order)
    {
        foreach (var observer in _observers)
        {
            observer.OnOrdersCommitted(order.Account, [order]);
        }
    }

    private async Task<PlacementDecision> DecidePlacementAsync(PlaceOrder request, CancellationToken cancellationToken)
    {
        if (await store.ReadAccountAsync(request.Account, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return PlacementDecision.No(UnknownAccount(request.Account));
        }

        var account = state.Account;
        if (account.Status != AccountStatus.Active)
        {
            return PlacementDecision.No(OrderOutcome.Refused(RefusalReason.AccountDisabled, $"Account {account.Id} is {TradingWire.Of(account.Status)}: it may not open."));
        }

        if (await TermsAsync(account, request.Symbol, cancellationToken).ConfigureAwait(false) is not { } terms)
        {
            return PlacementDecision.No(NotTraded(account, request.Symbol));
        }

        if (!terms.IsValidVolume(request.Volume))
        {
            return PlacementDecision.No(OrderOutcome.Refused(
                RefusalReason.InvalidVolume, $"{request.Volume} lots is not between {terms.MinVolume} and {terms.MaxVolume} in steps of {terms.VolumeStep}."));
        }

        var routed = account.EffectiveRoute == ExecutionRoute.Provider;
        if (routed && provider is not { IsConnected: true })
        {
            return PlacementDecision.No(OrderOutcome.Refused(RefusalReason.ProviderUnavailable, $"Account {account.Id} routes to the liquidity provider and no provider link is connected."));
        }

        var guarded = Guard(request.Symbol);
        if (!guarded.IsUsable)
        {
            return PlacementDecision.No(PriceRefusal(request.Symbol, guarded));
        }

        var quote = guarded.Usable;
        var now = time.GetUtcNow();
        var side = OrderTypeRules.SideOf(request.Type);
        var opening = ExecutionPricing.Open(side, quote.Bid, quote.Ask, terms.HalfSpread);
        var pending = OrderTypeRules.IsPending(request.Type);
        if (!pending && Requote(request, opening, QuoteLineage.Of(quote, now, terms.HalfSpread)) is { } requote)
        {
            return PlacementDecision.No(requote);
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Account = request.Account,
            Symbol = request.Symbol,
            Type = request.Type,
            Status = (pending, routed) switch
            {
                (true, true) => OrderStatus.PendingQueued,
                (true, false) => OrderStatus.Pending,
                (false, true) => OrderStatus.Queued,
                _ => OrderStatus.Open,
            },
            Volume = request.Volume,
            Group = account.Group,
            Route = account.EffectiveRoute,
            CreatedAt = now,
            PendingPrice = pending ? request.Price : null,

            // Routed to the provider, the fill is its: until its report, a market order's margin stands at the quote it was sent on.
            OpenPrice = pending || routed ? null : opening,
            OpenedAt = pending || routed ? null : now,
            StopLoss = request.StopLoss,
            TakeProfit = request.TakeProfit,
            Commission = pending || routed ? 0m : PositionMath.Commission(terms, request.Volume),
            OpenQuote = pending ? null : QuoteLineage.Of(quote, now, terms.HalfSpread),
            ClientQuote = ClientQuote.Of(request),
        };
        if (Stops(order, terms, quote) is { } badStops)
        {
            return PlacementDecision.No(badStops);
        }

        if (await MarginRefusalAsync(state, order, terms, cancellationToken).ConfigureAwait(false) is { } noMargin)
        {
            return PlacementDecision.No(noMargin);
        }

        return new PlacementDecision(state, order, null, terms.SpreadPip);
    }

    private static OrderOutcome? Requote(PlaceOrder request, decimal opening, QuoteLineage quote)
    {
        if (request.SeenPrice is not { } seen || request.MaxDeviation is not { } deviation)
        {
            return null;
        }

        var distance = Math.Abs(opening - seen);
        return distance <= deviation
            ? null
            : OrderOutcome.Refused(
                RefusalReason.Requote,
                $"The price moved {distance.ToString(CultureInfo.InvariantCulture)} from the {seen.ToString(CultureInfo.InvariantCulture)} seen, more than the {deviation.ToString(CultureInfo.InvariantCulture)} allowed.",
                executablePrice: opening,
                quote: quote);
    }

    /// <summary>Values the account with and without the order on the portfolio formulas; refuses when the order needs margin the account lacks.</summary>
    private async Task<OrderOutcome?> MarginRefusalAsync(AccountState state, Order order, GroupSymbolTerms orderTerms, CancellationToken cancellationToken)
    {
        var (positions, missing) = await PositionsOfAsync(state, orderTerms, cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            return OrderOutcome.Refused(RefusalReason.UnknownSymbol, $"Group {missing.Group} no longer lists {missing.Symbol}, which order {missing.Id} holds; its margin is unknown.");
        }

        var account = state.Account;
        var before = Value(account, positions);
        PortfolioPositions.AddTo(positions, order, orderTerms);
        var after = Value(account, positions);
        if (after.IsDegraded)
        {
            var symbols = string.Join(", ", after.DegradedSymbols.Select(d => d.Key + " " + TradingWire.Of(d.Value)));
            return OrderOutcome.Refused(RefusalReason.StalePrice, $"The margin of {account.Id} cannot be computed: {symbols}.");
        }

        if (after.FreeMargin < 0m && after.UsedMargin > before.UsedMargin)
        {
            return OrderOutcome.Refused(
                RefusalReason.InsufficientMargin,
                $"The order needs {(after.UsedMargin - before.UsedMargin)?.ToString(CultureInfo.InvariantCulture)} {account.Currency} of margin; free margin is {before.FreeMargin?.ToString(CultureInfo.InvariantCulture)}.");
        }

        return null;
    }

    /// <summary>The account and its portfolio valued now, on guarded quotes (degraded, with the symbols named, when a quote is refused); null for an unknown account.</summary>
    public async Task<(AccountState State, PortfolioValuation Valuation)?> ValueAsync(AccountId account, CancellationToken cancellationToken)
    {
        if (await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return null;
        }

        var (positions, missing) = await PositionsOfAsync(state, null, cancellationToken).ConfigureAwait(false);
        var valuation = missing is null
            ? Value(state.Account, positions)
            : new PortfolioValuation { Balance = state.Account.WalletBalance, DegradedSymbols = new Dictionary<string, RefusalReason> { [missing.Symbol] = RefusalReason.UnknownSymbol } };
        return (state, valuation);
    }

    /// <summary>The account's active orders as the portfolio formulas see them; the first order whose group no longer lists its symbol, if any.</summary>
    private async Task<(List<PortfolioPosition> Positions, Order? Missing)> PositionsOfAsync(AccountState state, GroupSymbolTerms? known, CancellationToken cancellationToken)
    {
        var positions = new List<PortfolioPosition>(state.ActiveOrders.Count + 1);
        foreach (var active in state.ActiveOrders)
        {
            var terms = known is not null && active.Symbol == known.Symbol && active.Group == known.Group
                ? known
                : await store.ReadTermsAsync(active.Group, active.Symbol, cancellationToken).ConfigureAwait(false);
            if (terms is null)
            {
                return (positions, active);
            }

            PortfolioPositions.AddTo(positions, active, terms);
        }

        return (positions, null);
    }

    private PortfolioValuation Value(TradingAccount account, IReadOnlyList<PortfolioPosition> positions) =>
        PortfolioMath.Value(account.WalletBalance, account.Leverage, positions, Guard, currency => ConversionOf(currency, account.Currency));

    private CurrencyConversion? ConversionOf(string currency, string accountCurrency) => _guard.ConversionOf(currency, accountCurrency);

    private decimal? ToAccountCurrency(decimal amount, string currency, string accountCurrency)
    {
        if (ConversionOf(currency, accountCurrency) is not { } conversion)
        {
            return null;
        }

        if (conversion.Symbol is not { } cross)
        {
            return PositionMath.Money(amount);
        }

        var guarded = Guard(cross);
        return guarded.IsUsable ? PositionMath.Money(conversion.Apply(amount, guarded.Usable.Bid, guarded.Usable.Ask)) : null;
    }

    /// <summary>The guarded quote of a symbol at this instant.</summary>
    public GuardedQuote Guard(string symbol) => _guard.Check(symbol);

    private Task<GroupSymbolTerms?> TermsAsync(TradingAccount account, string symbol, CancellationToken cancellationToken) =>
        store.ReadTermsAsync(account.Group, symbol, cancellationToken);

    private async Task<OrderOutcome> ReplayAsync(AccountId account, string? prior, string fingerprint, CancellationToken cancellationToken)
    {
        var separator = prior?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        if (prior is null || separator < 0 || !string.Equals(prior[(separator + 1)..], fingerprint, StringComparison.Ordinal))
        {
            return OrderOutcome.Refused(RefusalReason.IdempotencyConflict, "The idempotency key was used before for a different request.");
        }

        var orderId = prior[..separator];
        return await store.ReadOrderAsync(account, orderId, cancellationToken).ConfigureAwait(false) is { } order
            ? OrderOutcome.Done(order, repeated: true)
            : new OrderOutcome { Repeated = true, Detail = $"The request placed order {orderId}, which is no longer held." };
    }

    private static OrderOutcome? Malformed(string? idempotencyKey) =>
        string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength
            ? OrderOutcome.Refused(RefusalReason.InvalidRequest, $"Every request needs an idempotency key of 1 to {MaxIdempotencyKeyLength} characters.")
            : idempotencyKey.StartsWith(ReportKeyPrefix, StringComparison.Ordinal)
                ? OrderOutcome.Refused(RefusalReason.InvalidRequest, $"Idempotency keys starting {ReportKeyPrefix} are the provider reports'.")
                : null;

    private OrderOutcome PriceRefusal(string symbol, GuardedQuote guarded) => PriceRefusalText(symbol, guarded) with
    {
        Quote = guarded.Quote is { } refused ? QuoteLineage.Of(refused, time.GetUtcNow(), halfSpread: null) : null,
    };

    private static OrderOutcome PriceRefusalText(string symbol, GuardedQuote guarded) => guarded.Refusal switch
    {
        RefusalReason.MarketClosed => OrderOutcome.Refused(RefusalReason.MarketClosed, $"{symbol} is outside its trading hours.", guarded.Age),
        RefusalReason.UnknownSymbol => OrderOutcome.Refused(RefusalReason.UnknownSymbol, $"{symbol} is not a listed symbol."),
        _ when guarded.Quote is null || guarded.Quote.IsWarmup => OrderOutcome.Refused(RefusalReason.StalePrice, $"No live price of {symbol} has arrived.", guarded.Age),
        _ => OrderOutcome.Refused(
            RefusalReason.StalePrice,
            $"The last price of {symbol} is {guarded.Age?.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms old; the limit is {guarded.MaxAge.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms.",
            guarded.Age),
    };

    private static OrderOutcome UnknownAccount(AccountId account) => OrderOutcome.Refused(RefusalReason.UnknownAccount, $"Account {account} does not exist.");

    private static OrderOutcome NotFound(string orderId) => OrderOutcome.Refused(RefusalReason.OrderNotFound, $"Order {orderId} is not an active order of the account.");

    private static OrderOutcome NotTraded(TradingAccount account, string symbol) =>
        OrderOutcome.Refused(RefusalReason.UnknownSymbol, $"{symbol} is not traded in group {account.Group}.");

    private static OrderOutcome Busy() => OrderOutcome.Refused(RefusalReason.Busy, "The account changed under this request too many times; retry it with the same key.");

    /// <summary>
    /// A request the store failed under (unreachable, a master failing over): refused as
    /// <see cref="RefusalReason.StoreUnavailable"/>, counted and listed like any refusal. A retry with the same key is safe:
    /// a request that went through before the failure is answered as it was, not done twice.
    /// </summary>
    public OrderOutcome StoreUnavailable(string action, AccountId account, string subject, TradingStoreException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Refuse(action, account, subject, OrderOutcome.Refused(
            RefusalReason.StoreUnavailable, $"The trading store did not answer ({failure.Message}); retry shortly with the same Idempotency-Key."));
    }

    private OrderOutcome Refuse(string action, AccountId account, string subject, OrderOutcome refusal, ClientQuote? client = null, TradeSide? side = null)
    {
        if (refusal.Refusal is { } counted)
        {
            var at = time.GetUtcNow();
            refusal = refusal with { RefusalId = "rf" + Guid.CreateVersion7(at).ToString("N") };
            Statistics.Refused(
                new TradingRefusal(at, action, account.ToString(), subject, TradingWire.Of(counted), refusal.Detail ?? string.Empty)
                {
                    Id = refusal.RefusalId,
                    Symbol = _guard.IsListed(subject) ? subject : null,
                    Quote = refusal.Quote,
                    ExecutablePrice = refusal.ExecutablePrice,
                    ClientQuote = client,
                    Side = side,
                },
                counted);
        }

        if (logger.IsEnabled(LogLevel.Warning))
        {
            var accountText = account.ToString();
            var reason = refusal.Refusal is { } r ? TradingWire.Of(r) : "none";
            TradingEngineLog.Refused(logger, action, accountText, subject, reason, refusal.Detail ?? string.Empty);
        }

        return refusal;
    }

    private void LogExecuted(Order order, QuoteLineage? lineage)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var accountText = order.Account.ToString();
            var status = TradingWire.Of(order.Status);
            var type = TradingWire.Of(order.Type);
            TradingEngineLog.Executed(
                logger, order.Id, accountText, status, type, order.Volume, order.Symbol, order.OpenPrice ?? order.PendingPrice, lineage?.BookSequence ?? 0, lineage?.Feed ?? "-", lineage?.AgeMilliseconds ?? 0);
        }
    }
}
