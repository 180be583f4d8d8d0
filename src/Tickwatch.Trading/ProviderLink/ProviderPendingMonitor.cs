using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>
/// Re-checks every provider order resting PENDING with nothing outstanding, each <c>ProviderLink:PendingCheckInterval</c>:
/// the account is valued by the engine (<see cref="TradingEngine.ValueAsync"/>, the portfolio's one free margin) on guarded
/// quotes; when free margin is below zero one order of the account gets one cancel (<see cref="TradingEngine.CancelAtProviderAsync"/>,
/// deduplicated by its key), and the next waits for that cancel's report and a re-valuation. A stale or missing price, a
/// degraded portfolio or a link that is down holds and counts, never cancels. The store is scanned in full at start and
/// every <c>ProviderLink:PendingRescanInterval</c>, so orders placed through another instance are watched too.
/// </summary>
public sealed class ProviderPendingMonitor : IOrderObserver
{
    /// <summary>Decisions kept for <c>/api/debug/provider</c>.</summary>
    public const int RecentCapacity = 50;

    /// <summary>Watched orders listed in the snapshot (the count is always whole).</summary>
    public const int ListedOrders = 200;

    private readonly ConcurrentDictionary<string, AccountId> _watched = new(StringComparer.Ordinal);

    /// <summary>Orders whose one cancel from the monitor is spent (sent, or found used by a replay).</summary>
    private readonly ConcurrentDictionary<string, AccountId> _used = new(StringComparer.Ordinal);

    /// <summary>Committed cancels the link refused while it was up (queue full): no reconnect will re-send them, so the monitor does.</summary>
    private readonly ConcurrentDictionary<string, AccountId> _kept = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProviderPendingHold> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _holdsByReason = new(ProviderPendingHold.Reasons.Select(r => KeyValuePair.Create(r, 0L)), StringComparer.Ordinal);
    private readonly ConcurrentQueue<ProviderPendingDecision> _recent = new();
    private readonly TimeProvider _time;
    private readonly ILogger<ProviderPendingMonitor> _logger;
    private readonly IProviderLink? _link;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _rescanInterval;
    private long _passes;
    private long _checks;
    private long _cancels;
    private long _queued;
    private long _refused;
    private long _held;
    private long _failures;
    private long _scans;
    private long _scanAdded;
    private long _scanDropped;
    private long _lastPassTicks;
    private long _lastScanTicks;
    private int _awaiting;

    public ProviderPendingMonitor(IOptions<ProviderLinkOptions> options, TimeProvider time, ILogger<ProviderPendingMonitor> logger, IProviderLink? link = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _interval = options.Value.PendingCheckInterval;
        _rescanInterval = options.Value.PendingRescanInterval;
        _time = time;
        _logger = logger;
        _link = link;
    }

    /// <summary>Resting provider orders now watched.</summary>
    public int Watched => _watched.Count;

    public void OnOrdersCommitted(AccountId account, IReadOnlyList<Order> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        foreach (var order in orders)
        {
            if (IsWatchable(order))
            {
                _watched[order.Id] = account;
            }
            else if (!OrderTypeRules.IsResting(order.Status) || order.Route != ExecutionRoute.Provider)
            {
                // PENDING-CANCEL stays watched: a cancel the provider refuses brings the order back to PENDING.
                Drop(order.Id);
            }
        }
    }

    /// <summary>Scans the store once, then checks every interval (scanning again every rescan interval) until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(TradingEngine engine, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        await ScanAsync(engine, stoppingToken).ConfigureAwait(false);
        ProviderPendingMonitorLog.Watching(_logger, _watched.Count, (long)_interval.TotalMilliseconds, (long)_rescanInterval.TotalMilliseconds);
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var lastScan = Interlocked.Read(ref _lastScanTicks);
                if (lastScan == 0 || _time.GetUtcNow().UtcTicks - lastScan >= _rescanInterval.Ticks)
                {
                    await ScanAsync(engine, stoppingToken).ConfigureAwait(false);
                }

                await CheckAsync(engine, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the pass in progress is abandoned; its commits are atomic.
        }
    }

    /// <summary>One pass over every account with a watched order, or a cancel kept for re-sending (what each timer tick runs).</summary>
    public async Task CheckAsync(TradingEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Interlocked.Increment(ref _passes);
        var awaiting = 0;
        foreach (var account in _watched.Values.Concat(_kept.Values).Distinct().ToList())
        {
            try
            {
                awaiting += await CheckAccountAsync(engine, account, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failures);
                ProviderPendingMonitorLog.CheckFailed(_logger, e, account.ToString());
            }
        }

        Volatile.Write(ref _awaiting, awaiting);
        Interlocked.Exchange(ref _lastPassTicks, _time.GetUtcNow().UtcTicks);
    }

    /// <summary>
    /// Reads every provider order of the store: watches the resting ones it did not know (placed through another instance,
    /// or an announcement missed) and drops the watched ones that finished meanwhile.
    /// </summary>
    public async Task ScanAsync(TradingEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        try
        {
            // Known before the read: an order announced while the store is read is not dropped for missing from it.
            var before = _watched.Keys.ToList();
            var inFlight = (await engine.LoadInFlightAsync(cancellationToken).ConfigureAwait(false)).Orders;
            var active = inFlight.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var watchable = inFlight.Where(IsWatchable).ToList();
            var added = watchable.Count(order => _watched.TryAdd(order.Id, order.Account));
            var keep = watchable.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var dropped = 0;
            foreach (var id in before.Where(id => !keep.Contains(id)))
            {
                dropped += _watched.TryRemove(id, out _) ? 1 : 0;
                _holds.TryRemove(id, out _);
            }

            foreach (var id in _used.Keys.Concat(_kept.Keys).Where(id => !active.Contains(id)).ToList())
            {
                _used.TryRemove(id, out _);
                _kept.TryRemove(id, out _);
            }

            Interlocked.Increment(ref _scans);
            Interlocked.Add(ref _scanAdded, added);
            Interlocked.Add(ref _scanDropped, dropped);
            Interlocked.Exchange(ref _lastScanTicks, _time.GetUtcNow().UtcTicks);
            if ((added > 0 || dropped > 0) && Interlocked.Read(ref _scans) > 1)
            {
                ProviderPendingMonitorLog.Rescanned(_logger, added, dropped, _watched.Count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            ProviderPendingMonitorLog.ScanFailed(_logger, e);
        }
    }

    public ProviderPendingMonitorSnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        var holding = _holds.Values.OrderBy(h => h.Since).ToList();
        var oldest = holding.FirstOrDefault(h => h.Reason != ProviderPendingHold.MarketClosed);
        return new ProviderPendingMonitorSnapshot
        {
            Watched = _watched.Count,
            WatchedOrders = [.. _watched
                .OrderBy(w => w.Value.ToString(), StringComparer.Ordinal).ThenBy(w => w.Key, StringComparer.Ordinal)
                .Take(ListedOrders)
                .Select(w => new ProviderPendingWatch(w.Key, w.Value.ToString(), _used.ContainsKey(w.Key), _holds.TryGetValue(w.Key, out var hold) ? hold.Reason : null))],
            Passes = Interlocked.Read(ref _passes),
            LastPassAt = At(Interlocked.Read(ref _lastPassTicks)),
            Scans = Interlocked.Read(ref _scans),
            LastScanAt = At(Interlocked.Read(ref _lastScanTicks)),
            ScanAdded = Interlocked.Read(ref _scanAdded),
            ScanDropped = Interlocked.Read(ref _scanDropped),
            Checks = Interlocked.Read(ref _checks),
            CancelsSent = Interlocked.Read(ref _cancels),
            CancelsQueued = Interlocked.Read(ref _queued),
            CancelsRefused = Interlocked.Read(ref _refused),
            AwaitingCancel = Volatile.Read(ref _awaiting),
            Held = Interlocked.Read(ref _held),
            HoldsByReason = new SortedDictionary<string, long>(_holdsByReason, StringComparer.Ordinal),
            Holding = holding,
            OldestHoldSeconds = oldest is null ? 0 : Math.Max(0, (now - oldest.Since).TotalSeconds),
            Failures = Interlocked.Read(ref _failures),
            Recent = [.. _recent.Reverse()],
        };

        static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static bool IsWatchable(Order order) =>
        order.Route == ExecutionRoute.Provider && order.Status == OrderStatus.Pending && order.ProviderRequest is null;

    private static bool IsCancelling(Order order) =>
        order.Route == ExecutionRoute.Provider && order.ProviderRequest is { Action: OutstandingRequest.Cancel };

    /// <summary>Checks one account; true when it waits for a cancel's report before deciding again.</summary>
    private async Task<bool> CheckAccountAsync(TradingEngine engine, AccountId account, CancellationToken cancellationToken)
    {
        if (await engine.ValueAsync(account, cancellationToken).ConfigureAwait(false) is not var (state, valuation))
        {
            Forget(account, keep: [], active: []);
            return false;
        }

        var resting = state.ActiveOrders.Where(IsWatchable).ToList();
        Forget(account, keep: [.. resting.Select(o => o.Id)], active: [.. state.ActiveOrders.Select(o => o.Id)]);
        Interlocked.Add(ref _checks, resting.Count);
        var cancelling = state.ActiveOrders.Where(IsCancelling).ToList();
        if (cancelling.Count > 0)
        {
            // One cancel at a time: what it frees is known only once the provider reports, so the next decision waits for that re-valuation.
            Resend(cancelling);
            Release(resting);
            return true;
        }

        if (resting.Count == 0)
        {
            return false;
        }

        var free = valuation.FreeMargin;
        if (valuation.IsDegraded || free is null || resting.Any(o => !engine.Guard(o.Symbol).IsUsable))
        {
            foreach (var order in resting)
            {
                var guarded = engine.Guard(order.Symbol);
                if (guarded.Refusal == RefusalReason.MarketClosed)
                {
                    Hold(order, free, guarded, ProviderPendingHold.MarketClosed, $"{order.Symbol} is outside its trading hours");
                }
                else if (!guarded.IsUsable)
                {
                    Hold(order, free, guarded, ProviderPendingHold.StalePrice, $"no fresh price for {order.Symbol} ({guarded.Refusal?.ToString() ?? "none"})");
                }
                else
                {
                    Hold(order, free, guarded, ProviderPendingHold.DegradedPortfolio, "the portfolio is degraded: " + string.Join(", ", valuation.DegradedSymbols.Select(d => d.Key + " " + d.Value)));
                }
            }

            return false;
        }

        if (free >= 0m)
        {
            Release(resting);
            return false;
        }

        // Newest first: the last order placed is the one the margin fell short for, and every instance picks the same one (one key, one commit).
        var candidate = resting.Where(o => !_used.ContainsKey(o.Id)).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id, StringComparer.Ordinal).FirstOrDefault();
        if (candidate is null)
        {
            foreach (var order in resting)
            {
                Hold(order, free, engine.Guard(order.Symbol), ProviderPendingHold.CancelsUsed, Text($"free margin {free} < 0 and every resting order of the account has had its one cancel (refused by the provider)"));
            }

            return false;
        }

        Release(resting.Where(o => o.Id != candidate.Id));
        var quote = engine.Guard(candidate.Symbol);
        if (_link is not { IsConnected: true })
        {
            // A cancel decided on while the link is down could go long after the margin recovered: hold until it is back.
            Hold(candidate, free, quote, ProviderPendingHold.LinkDown, "free margin is short but the provider link is down");
            return false;
        }

        Release([candidate]);
        await CancelAsync(engine, account, candidate, free.Value, quote, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task CancelAsync(TradingEngine engine, AccountId account, Order order, decimal free, GuardedQuote guarded, CancellationToken cancellationToken)
    {
        var age = AgeOf(guarded);
        var quote = guarded.Usable;
        var accountText = account.ToString();
        var outcome = await engine.CancelAtProviderAsync(account, order.Id, cancellationToken).ConfigureAwait(false);
        if (outcome.Accepted && !outcome.Repeated)
        {
            _used[order.Id] = account;
            _watched.TryRemove(order.Id, out _);
            Interlocked.Increment(ref _cancels);
            var reason = Text($"free margin {free} < 0 at {quote.Bid}/{quote.Ask}, price age {age} ms");
            if (outcome.Unsent)
            {
                Interlocked.Increment(ref _queued);
                if (_link is { IsConnected: true })
                {
                    // Refused while up (queue full): no reconnect will re-send it, so a later pass does.
                    _kept[order.Id] = account;
                }

                Record(new ProviderPendingDecision(_time.GetUtcNow(), accountText, order.Id, order.Symbol, "cancel_queued", free, quote.Bid, quote.Ask, age, reason + "; the link could not take it: it goes with the re-send at the next connect"));
                ProviderPendingMonitorLog.CancelQueued(_logger, order.Id, accountText);
                return;
            }

            Record(new ProviderPendingDecision(_time.GetUtcNow(), accountText, order.Id, order.Symbol, "cancel_sent", free, quote.Bid, quote.Ask, age, reason));
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                ProviderPendingMonitorLog.CancelSent(_logger, order.Id, accountText, order.Symbol, free, quote.Bid, quote.Ask, age);
            }

            return;
        }

        if (outcome.Accepted)
        {
            // The key was used before (another instance, or before a restart); resting again means the provider refused that cancel.
            _used[order.Id] = account;
            if (outcome.Order is { Status: OrderStatus.Pending, ProviderRequest: null })
            {
                Record(new ProviderPendingDecision(_time.GetUtcNow(), accountText, order.Id, order.Symbol, "cancel_used", free, quote.Bid, quote.Ask, age, "the order had its one cancel before and rests again (refused by the provider); the next resting order is considered"));
                ProviderPendingMonitorLog.CancelUsed(_logger, order.Id, accountText);
            }

            return;
        }

        Interlocked.Increment(ref _refused);
        var refusal = $"{outcome.Refusal}: {outcome.Detail}";
        Record(new ProviderPendingDecision(_time.GetUtcNow(), accountText, order.Id, order.Symbol, "cancel_refused", free, quote.Bid, quote.Ask, age, refusal));
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            ProviderPendingMonitorLog.CancelRefused(_logger, order.Id, accountText, refusal);
        }

        // The order moved on (or the store was busy): the next scan or announcement brings it back if it still rests.
        _watched.TryRemove(order.Id, out _);
    }

    /// <summary>Sends again a committed cancel the link refused while it was up; the same <c>cl_ord_id</c>, so the gateway answers it once.</summary>
    private void Resend(List<Order> cancelling)
    {
        foreach (var order in cancelling)
        {
            if (_kept.ContainsKey(order.Id) && _link is { IsConnected: true } link && link.TrySend(ProviderRequests.Outstanding(order, order.ProviderRequest!)))
            {
                _kept.TryRemove(order.Id, out _);
            }
        }
    }

    private void Hold(Order order, decimal? freeMargin, GuardedQuote guarded, string reason, string why)
    {
        Interlocked.Increment(ref _held);
        _holdsByReason.AddOrUpdate(reason, 1, (_, n) => n + 1);
        if (_holds.TryGetValue(order.Id, out var current) && current.Reason == reason)
        {
            // The same hold goes on: counted every pass, recorded and logged once.
            return;
        }

        var now = _time.GetUtcNow();
        var account = order.Account.ToString();
        _holds[order.Id] = new ProviderPendingHold(account, order.Id, order.Symbol, reason, now, why);
        Record(new ProviderPendingDecision(now, account, order.Id, order.Symbol, "held", freeMargin, guarded.Quote?.Bid, guarded.Quote?.Ask, AgeOf(guarded), why));
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            ProviderPendingMonitorLog.Held(_logger, order.Id, account, order.Symbol, reason, why);
        }
    }

    private void Release(IEnumerable<Order> orders)
    {
        foreach (var order in orders)
        {
            _holds.TryRemove(order.Id, out _);
        }
    }

    private static long? AgeOf(GuardedQuote guarded) => guarded.Age is { } a ? (long)a.TotalMilliseconds : null;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Forgets the account's orders that no longer rest (<paramref name="keep"/>) or are no longer active (<paramref name="active"/>).</summary>
    private void Forget(AccountId account, HashSet<string> keep, HashSet<string> active)
    {
        foreach (var (id, owner) in _watched)
        {
            if (owner == account && !keep.Contains(id))
            {
                _watched.TryRemove(id, out _);
                _holds.TryRemove(id, out _);
            }
        }

        foreach (var (id, owner) in _used.Concat(_kept))
        {
            if (owner == account && !active.Contains(id))
            {
                _used.TryRemove(id, out _);
                _kept.TryRemove(id, out _);
            }
        }
    }

    private void Drop(string orderId)
    {
        _watched.TryRemove(orderId, out _);
        _holds.TryRemove(orderId, out _);
        _used.TryRemove(orderId, out _);
        _kept.TryRemove(orderId, out _);
    }

    private void Record(ProviderPendingDecision decision)
    {
        _recent.Enqueue(decision);
        while (_recent.Count > RecentCapacity && _recent.TryDequeue(out _))
        {
            // Oldest out first: the list stays bounded.
        }
    }
}
