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
/// quotes; when free margin is below zero each such order gets one cancel (<see cref="TradingEngine.CancelAtProviderAsync"/>,
/// deduplicated by its key). A stale or missing price, a degraded portfolio or a link that is down holds and counts, never cancels.
/// </summary>
public sealed class ProviderPendingMonitor : IOrderObserver
{
    /// <summary>Decisions kept for <c>/api/debug/provider</c>.</summary>
    public const int RecentCapacity = 50;

    private readonly ConcurrentDictionary<string, AccountId> _watched = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ProviderPendingDecision> _recent = new();
    private readonly TimeProvider _time;
    private readonly ILogger<ProviderPendingMonitor> _logger;
    private readonly IProviderLink? _link;
    private readonly TimeSpan _interval;
    private long _passes;
    private long _checks;
    private long _cancels;
    private long _refused;
    private long _held;
    private long _failures;
    private long _lastPassTicks;
    private volatile bool _scanned;

    public ProviderPendingMonitor(IOptions<ProviderLinkOptions> options, TimeProvider time, ILogger<ProviderPendingMonitor> logger, IProviderLink? link = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _interval = options.Value.PendingCheckInterval;
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
                _watched.TryRemove(order.Id, out _);
            }
        }
    }

    /// <summary>Scans the store once, then checks every interval until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(TradingEngine engine, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        await ScanAsync(engine, stoppingToken).ConfigureAwait(false);
        ProviderPendingMonitorLog.Watching(_logger, _watched.Count, (long)_interval.TotalMilliseconds);
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!_scanned)
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

    /// <summary>One pass over every watched order (what each timer tick runs).</summary>
    public async Task CheckAsync(TradingEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Interlocked.Increment(ref _passes);
        foreach (var account in _watched.Values.Distinct().ToList())
        {
            try
            {
                await CheckAccountAsync(engine, account, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failures);
                ProviderPendingMonitorLog.CheckFailed(_logger, e, account.ToString());
            }
        }

        Interlocked.Exchange(ref _lastPassTicks, _time.GetUtcNow().UtcTicks);
    }

    public ProviderPendingMonitorSnapshot Snapshot()
    {
        var last = Interlocked.Read(ref _lastPassTicks);
        return new ProviderPendingMonitorSnapshot
        {
            Watched = _watched.Count,
            Passes = Interlocked.Read(ref _passes),
            Checks = Interlocked.Read(ref _checks),
            CancelsSent = Interlocked.Read(ref _cancels),
            CancelsRefused = Interlocked.Read(ref _refused),
            Held = Interlocked.Read(ref _held),
            Failures = Interlocked.Read(ref _failures),
            LastPassAt = last == 0 ? null : new DateTimeOffset(last, TimeSpan.Zero),
            Recent = [.. _recent.Reverse()],
        };
    }

    private static bool IsWatchable(Order order) =>
        order.Route == ExecutionRoute.Provider && order.Status == OrderStatus.Pending && order.ProviderRequest is null;

    private async Task ScanAsync(TradingEngine engine, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var order in (await engine.LoadInFlightAsync(cancellationToken).ConfigureAwait(false)).Orders.Where(IsWatchable))
            {
                _watched.TryAdd(order.Id, order.Account);
            }

            _scanned = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            ProviderPendingMonitorLog.ScanFailed(_logger, e);
        }
    }

    private async Task CheckAccountAsync(TradingEngine engine, AccountId account, CancellationToken cancellationToken)
    {
        if (await engine.ValueAsync(account, cancellationToken).ConfigureAwait(false) is not var (state, valuation))
        {
            Forget(account, keep: null);
            return;
        }

        var resting = state.ActiveOrders.Where(IsWatchable).ToList();
        Forget(account, keep: [.. resting.Select(o => o.Id)]);
        foreach (var order in resting)
        {
            Interlocked.Increment(ref _checks);
            var guarded = engine.Guard(order.Symbol);
            var age = guarded.Age is { } a ? (long?)a.TotalMilliseconds : null;
            if (!guarded.IsUsable || valuation.IsDegraded || valuation.FreeMargin is null)
            {
                var why = !guarded.IsUsable
                    ? $"no fresh price for {order.Symbol} ({guarded.Refusal?.ToString() ?? "none"})"
                    : "the portfolio is degraded: " + string.Join(", ", valuation.DegradedSymbols.Select(d => d.Key + " " + d.Value));
                Hold(order, valuation.FreeMargin, guarded, age, why);
                continue;
            }

            if (valuation.FreeMargin >= 0m)
            {
                continue;
            }

            if (_link is not { IsConnected: true })
            {
                // A cancel that cannot be sent would spend its one key; hold until the link is back.
                Hold(order, valuation.FreeMargin, guarded, age, "free margin is short but the provider link is down");
                continue;
            }

            var quote = guarded.Usable;
            var reason = string.Create(CultureInfo.InvariantCulture, $"free margin {valuation.FreeMargin} < 0 at {quote.Bid}/{quote.Ask}, price age {age} ms");
            var outcome = await engine.CancelAtProviderAsync(account, order.Id, cancellationToken).ConfigureAwait(false);
            if (outcome.Accepted)
            {
                if (!outcome.Repeated)
                {
                    Interlocked.Increment(ref _cancels);
                    Record(new ProviderPendingDecision(_time.GetUtcNow(), account.ToString(), order.Id, order.Symbol, "cancel_sent", valuation.FreeMargin, quote.Bid, quote.Ask, age, reason));
                    if (_logger.IsEnabled(LogLevel.Warning))
                    {
                        ProviderPendingMonitorLog.CancelSent(_logger, order.Id, account.ToString(), order.Symbol, valuation.FreeMargin, quote.Bid, quote.Ask, age);
                    }
                }

                _watched.TryRemove(order.Id, out _);
                continue;
            }

            Interlocked.Increment(ref _refused);
            var refusal = $"{outcome.Refusal}: {outcome.Detail}";
            Record(new ProviderPendingDecision(_time.GetUtcNow(), account.ToString(), order.Id, order.Symbol, "cancel_refused", valuation.FreeMargin, quote.Bid, quote.Ask, age, refusal));
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                ProviderPendingMonitorLog.CancelRefused(_logger, order.Id, account.ToString(), refusal);
            }

            // The key is spent (or the order moved on): it gets no second cancel from the monitor.
            _watched.TryRemove(order.Id, out _);
        }
    }

    private void Hold(Order order, decimal? freeMargin, GuardedQuote guarded, long? age, string why)
    {
        Interlocked.Increment(ref _held);
        Record(new ProviderPendingDecision(_time.GetUtcNow(), order.Account.ToString(), order.Id, order.Symbol, "held", freeMargin, guarded.Quote?.Bid, guarded.Quote?.Ask, age, why));
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            ProviderPendingMonitorLog.Held(_logger, order.Id, order.Account.ToString(), order.Symbol, why);
        }
    }

    private void Forget(AccountId account, HashSet<string>? keep)
    {
        foreach (var (id, owner) in _watched)
        {
            if (owner == account && (keep is null || !keep.Contains(id)))
            {
                _watched.TryRemove(id, out _);
            }
        }
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
