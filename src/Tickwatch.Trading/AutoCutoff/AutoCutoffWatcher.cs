using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>
/// Watches every portfolio the calculator writes and acts on the account's own levels: safe above its cutoff, a
/// margin-call e-mail (at most once per <see cref="AutoCutoffOptions.MarginCallInterval"/>, reserved in the trading
/// store) down to its liquidation level, and below it a stop-out that closes positions largest loss first, re-valuing
/// the account on fresh prices after each close, until it is no longer below its liquidation level.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="OnPortfolio"/> runs on the calculator's consumer: it only keeps the newest portfolio per account and
/// queues the account once. One consumer decides (pure, no I/O, <see cref="AutoCutoffRules"/>); whatever needs the
/// store (a margin call, a stop-out, a recorded decision) runs as one tracked action per account, and a newer portfolio
/// that arrived meanwhile is decided when it ends.
/// </para>
/// <para>
/// Nothing is acted on from a stale or missing price, margin level or portfolio: it holds, logs once per reason,
/// counts, and shows in <see cref="Report"/>. A stop-out runs under the account's expiring, renewed, fenced lock
/// (<see cref="IAutoCutoffLocks"/>), and each close carries the fence, so two services never liquidate one account
/// twice and a holder that lost its lock closes nothing.
/// </para>
/// </remarks>
public sealed class AutoCutoffWatcher : IPortfolioObserver, IDisposable
{
    /// <summary>Held accounts listed in the report (all are counted).</summary>
    public const int HeldListed = 100;

    /// <summary>After a margin call was found already sent (by another service or before a restart), how long until the store is asked again.</summary>
    public static readonly TimeSpan MarginCallRecheck = TimeSpan.FromMinutes(1);

    private const int RecordAttempts = 8;

    /// <summary>What became of the closes stop-outs asked of the liquidity provider: requested, then filled, rejected or timed out.</summary>
    public static readonly IReadOnlyList<string> ProviderCloseOutcomes = ["requested", "filled", "rejected", "timed_out"];

    private const int ProviderRequested = 0, ProviderFilled = 1, ProviderRefused = 2, ProviderTimedOut = 3;

    private readonly ITradingStore _store;
    private readonly IAutoCutoffLocks _locks;
    private readonly TradingEngine _engine;
    private readonly MarginCallMailer _mailer;
    private readonly AutoCutoffOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly ConcurrentDictionary<AccountId, Seen> _latest = new();
    private readonly ConcurrentDictionary<AccountId, byte> _queued = new();
    private readonly Channel<AccountId> _due = Channel.CreateUnbounded<AccountId>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<AccountId> _urgent = Channel.CreateUnbounded<AccountId>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<AccountId, AccountWatch> _watch = new();
    private readonly ConcurrentDictionary<AccountId, Task> _acting = new();
    private readonly ConcurrentDictionary<AccountId, StopOutRun> _stopOuts = new();
    private readonly ConcurrentDictionary<string, long> _decisions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _holds = new(StringComparer.Ordinal);
    private readonly Queue<AutoCutoffRecord> _recent = new();
    private readonly Lock _recentLock = new();
    private readonly SemaphoreSlim _stopOutSlots;
    private readonly SlidingLatency _firstClose;
    private long _sequence;
    private long _recordFailures;
    private long _actionFailures;
    private long _locksLost;
    private long _closes;
    private readonly long[] _providerCloses = new long[ProviderCloseOutcomes.Count];
    private int _running;
    private string _state = "not_started";
    private CancellationToken _stopping;

    public AutoCutoffWatcher(
        ITradingStore store,
        IAutoCutoffLocks locks,
        TradingEngine engine,
        MarginCallMailer mailer,
        IOptions<AutoCutoffOptions> options,
        TimeProvider time,
        ILogger<AutoCutoffWatcher>? logger = null,
        PortfolioCalculator? calculator = null,
        ILeaseHolder? leases = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(locks);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(mailer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _locks = locks;
        _engine = engine;
        _mailer = mailer;
        _options = options.Value;
        _time = time;
        _logger = logger ?? NullLogger<AutoCutoffWatcher>.Instance;
        Owner = _options.EffectiveOwner(leases);
        _stopOutSlots = new SemaphoreSlim(_options.MaxConcurrentStopOuts);
        _firstClose = new SlidingLatency(time, TimeSpan.FromMinutes(5));
        calculator?.AddObserver(this);
    }

    /// <summary>Who this watcher is in a stop-out lock.</summary>
    public string Owner { get; }

    /// <summary>True when nothing waits to be decided and no action runs.</summary>
    public bool IsIdle => _queued.IsEmpty && _acting.IsEmpty;

    /// <summary>Positions closed by this watcher's stop-outs.</summary>
    public long Closes => Interlocked.Read(ref _closes);

    /// <summary>From the quote that made a portfolio breach the liquidation level to the first close committed, over the last 5 minutes.</summary>
    public LatencySummary FirstCloseLatency => _firstClose.Summarize();

    /// <summary>Accounts held now (their figures cannot be acted on); cheap, for the metrics.</summary>
    public int HeldAccounts => _watch.Values.Count(w => w.HeldReason is not null);

    /// <summary>Stop-outs running here now, with the age of the oldest (cheap, for the metrics).</summary>
    public (int Running, double OldestSeconds) StopOutsRunning()
    {
        var now = _time.GetUtcNow();
        var runs = _stopOuts.Values.ToArray();
        return (runs.Length, runs.Length == 0 ? 0 : runs.Max(r => (now - r.StartedAt).TotalSeconds));
    }

    /// <summary>How many times each decision was made (<c>margin_call_sent</c>, <c>held</c>, ...).</summary>
    public IReadOnlyDictionary<string, long> DecisionCounts()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var decision in AutoCutoffRecord.Decisions)
        {
            counts[decision] = _decisions.GetValueOrDefault(decision);
        }

        return counts;
    }

    /// <summary>How many times an account was held, per reason (every reason present, 0 included).</summary>
    public IReadOnlyDictionary<string, long> HoldCounts()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var reason in AutoCutoffRules.HoldReasons)
        {
            counts[reason] = _holds.GetValueOrDefault(reason);
        }

        return counts;
    }

    /// <summary>Closes of provider-routed positions by outcome (<see cref="ProviderCloseOutcomes"/>, each present, 0 included).</summary>
    public IReadOnlyDictionary<string, long> ProviderCloseCounts()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < ProviderCloseOutcomes.Count; i++)
        {
            counts[ProviderCloseOutcomes[i]] = Interlocked.Read(ref _providerCloses[i]);
        }

        return counts;
    }

    public MarginCallMailStatistics Mail => _mailer.GetStatistics();

    public long RecordFailures => Interlocked.Read(ref _recordFailures);

    public long LocksLost => Interlocked.Read(ref _locksLost);

    /// <summary>Told of each written portfolio: keeps the newest per account and queues the account once; never blocks.</summary>
    public void OnPortfolio(AccountPortfolio portfolio, TradingAccount account, DateTimeOffset? quoteReceivedAt)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(account);
        _latest[account.Id] = new Seen(portfolio, account, quoteReceivedAt, Interlocked.Increment(ref _sequence));
        if (_stopOuts.TryGetValue(account.Id, out var run))
        {
            // A stop-out waiting on the provider's report reads the account again now.
            run.Wake();
        }

        // An account at or below its cutoff (or not valued) is decided before the thousands of safe ones of the same pass.
        var urgent = portfolio.IsDegraded || (portfolio.MarginLevel is { } level && level <= account.AutoCutoffLevel);
        Queue(account.Id, urgent);
    }

    /// <summary>Decides on queued portfolios and delivers margin-call e-mail until <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="InvalidOperationException">It is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            throw new InvalidOperationException("The AutoCutoff watcher is already running.");
        }

        try
        {
            _stopping = cancellationToken;
            Volatile.Write(ref _state, "running");
            AutoCutoffLog.Watching(_logger, Owner, _options.MarginCallInterval, _options.LockTtl, _mailer.Destination);
            await Task.WhenAll(ConsumeAsync(cancellationToken), _mailer.RunAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal stop.
        }
        catch (Exception)
        {
            Volatile.Write(ref _state, "faulted");
            throw;
        }
        finally
        {
            // Actions end with the stop (their calls take the token); none is left behind unobserved.
            foreach (var action in _acting.Values.ToArray())
            {
                try
                {
                    await action.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped with the service.
                }
            }

            if (Volatile.Read(ref _state) != "faulted")
            {
                Volatile.Write(ref _state, "stopped");
            }

            Volatile.Write(ref _running, 0);
        }
    }

    public void Dispose() => _stopOutSlots.Dispose();

    /// <summary>Everything <c>/api/debug/autocutoff</c> shows.</summary>
    public AutoCutoffReport Report()
    {
        var now = _time.GetUtcNow();
        AutoCutoffRecord[] recent;
        lock (_recentLock)
        {
            recent = [.. _recent.Reverse()];
        }

        var watches = _watch.ToArray();
        return new AutoCutoffReport
        {
            State = Volatile.Read(ref _state),
            Owner = Owner,
            AccountsWatched = _latest.Count,
            AccountsAtRisk = watches.Count(w => w.Value.AtRisk),
            AccountsHeld = watches.Count(w => w.Value.HeldReason is not null),
            Decisions = DecisionCounts(),
            Holds = HoldCounts(),
            Held = [.. watches.Where(w => w.Value.HeldReason is not null)
                .Select(w => new AutoCutoffHeldAccount(w.Key.ToString(), w.Value.HeldReason!, w.Value.HeldDetail ?? string.Empty, w.Value.HeldSince, (now - w.Value.HeldSince).TotalSeconds))
                .OrderBy(h => h.Account, StringComparer.Ordinal).Take(HeldListed)],
            StopOuts = [.. _stopOuts.Values.Select(r => new AutoCutoffStopOutView(
                r.Fence.Account.ToString(), r.Fence.Token, r.Fence.Owner, r.StartedAt, (now - r.StartedAt).TotalSeconds, r.Closes, r.LastRenewedAt))
                .OrderBy(s => s.Account, StringComparer.Ordinal)],
            Closes = Closes,
            ProviderCloses = ProviderCloseCounts(),
            LocksLost = LocksLost,
            RecordFailures = RecordFailures,
            ActionFailures = Interlocked.Read(ref _actionFailures),
            FirstCloseLatency = FirstCloseLatency,
            LockTtlSeconds = _options.LockTtl.TotalSeconds,
            MarginCallIntervalSeconds = _options.MarginCallInterval.TotalSeconds,
            Mail = _mailer.GetStatistics(),
            Recent = recent,
        };
    }

    private void Queue(AccountId account, bool urgent = false)
    {
        if (_queued.TryAdd(account, 0))
        {
            (urgent ? _urgent : _due).Writer.TryWrite(account);
        }
        else if (urgent)
        {
            // Queued in the ordinary lane: the urgent copy is decided first, the other then finds it done.
            _urgent.Writer.TryWrite(account);
        }
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!_urgent.Reader.TryRead(out var account) && !_due.Reader.TryRead(out account))
            {
                await Task.WhenAny(_urgent.Reader.WaitToReadAsync(cancellationToken).AsTask(), _due.Reader.WaitToReadAsync(cancellationToken).AsTask()).ConfigureAwait(false);
                continue;
            }

            if (!_queued.ContainsKey(account))
            {
                // A second copy (urgent and ordinary) of an account already decided.
                continue;
            }

            // Still queued while deciding, so the watcher is never idle between a portfolio and its action.
            if (!_acting.ContainsKey(account) && _latest.TryGetValue(account, out var seen))
            {
                try
                {
                    Decide(seen);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref _actionFailures);
                    AutoCutoffLog.ActionFailed(_logger, ex, account, ex.Message);
                }
            }

            _queued.TryRemove(account, out _);

            // A portfolio that came meanwhile found the account queued: it is decided now (or when the running action ends).
            if (!_acting.ContainsKey(account) && _latest.TryGetValue(account, out var latest) && latest.Sequence > (_watch.TryGetValue(account, out var watch) ? watch.Decided : 0))
            {
                Queue(account);
            }
        }
    }

    /// <summary>The consumer's decision on one portfolio: pure, I/O goes to an action.</summary>
    private void Decide(Seen seen)
    {
        var account = seen.Account;
        var watch = _watch.GetOrAdd(account.Id, static _ => new AccountWatch());
        watch.Decided = seen.Sequence;
        var now = _time.GetUtcNow();
        var verdict = AutoCutoffRules.Decide(seen.Portfolio, account, now, _options.MaxPortfolioAge);
        IReadOnlyDictionary<string, long?> ages = Empty;
        if (verdict.Zone is AutoCutoffZone.MarginCall or AutoCutoffZone.StopOut)
        {
            // The calculator valued on fresh prices; acting needs them fresh now too.
            (ages, var stale) = PriceAges(seen.Portfolio.QuoteSequences.Keys);
            if (stale is not null)
            {
                verdict = AutoCutoffVerdict.Hold(AutoCutoffRules.StalePrice, stale);
            }
        }

        if (verdict.Zone == AutoCutoffZone.Held)
        {
            Count(AutoCutoffRecord.Held);
            if (watch.HeldReason != verdict.HoldReason)
            {
                var record = Record(seen, AutoCutoffRecord.Held, ages) with { HoldReason = verdict.HoldReason, Reason = verdict.Detail };
                Hold(watch, record, now);
                if (watch.AtRisk)
                {
                    // An account at risk that cannot be acted on: the ledger keeps why.
                    Act(seen, () => AppendAsync(record, null));
                }
            }

            return;
        }

        Release(watch, account.Id, verdict.Zone);
        switch (verdict.Zone)
        {
            case AutoCutoffZone.Safe:
                Count(AutoCutoffRecord.Safe);
                if (watch.AtRisk)
                {
                    watch.AtRisk = false;
                    watch.Zone = AutoCutoffZone.Safe;
                    var record = Record(seen, AutoCutoffRecord.Recovered, ages) with { Reason = "The margin level is above the cutoff level again, or no margin is used." };
                    Keep(record);
                    Act(seen, () => AppendAsync(record, null));
                }

                watch.Zone = AutoCutoffZone.Safe;
                return;
            case AutoCutoffZone.MarginCall:
                watch.AtRisk = true;
                if (now >= watch.MarginCallQuietUntil)
                {
                    Act(seen, () => MarginCallAsync(seen, watch, ages));
                }
                else
                {
                    watch.Zone = AutoCutoffZone.MarginCall;
                }

                return;
            case AutoCutoffZone.StopOut:
                watch.AtRisk = true;
                watch.Zone = AutoCutoffZone.StopOut;
                if (!_stopOuts.ContainsKey(account.Id))
                {
                    Act(seen, () => StopOutAsync(seen));
                }

                return;
        }
    }

    private void Act(Seen seen, Func<Task> action)
    {
        var id = seen.Account.Id;
        if (_acting.ContainsKey(id))
        {
            return;
        }

        // Listed before it starts: an action that ran to its end before being listed would stay listed for ever, and the
        // account would be neither idle nor decided again.
        var run = new Task<Task>(() => RunActionAsync(seen, action));
        _acting[id] = run.Unwrap();
        run.Start(TaskScheduler.Default);
    }

    private async Task RunActionAsync(Seen seen, Func<Task> action)
    {
        var id = seen.Account.Id;
        try
        {
            // On the thread pool (Act starts it there), off the consumer: it goes on deciding other accounts.
            await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped with the service.
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _actionFailures);
            AutoCutoffLog.ActionFailed(_logger, ex, id, ex.Message);
        }
        finally
        {
            _acting.TryRemove(id, out _);
            if (_latest.TryGetValue(id, out var latest) && latest.Sequence > seen.Sequence)
            {
                Queue(id);
            }
        }
    }

    private async Task MarginCallAsync(Seen seen, AccountWatch watch, IReadOnlyDictionary<string, long?> ages)
    {
        var account = seen.Account;
        var portfolio = seen.Portfolio;
        var entered = watch.Zone != AutoCutoffZone.MarginCall;
        var reserved = await _locks.TryReserveMarginCallAsync(account.Id, _options.MarginCallInterval, _stopping).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        watch.MarginCallQuietUntil = now + (reserved ? _options.MarginCallInterval : Min(MarginCallRecheck, _options.MarginCallInterval));
        watch.Zone = AutoCutoffZone.MarginCall;
        if (!reserved)
        {
            Count(AutoCutoffRecord.MarginCallSuppressed);
            if (entered)
            {
                var suppressed = Record(seen, AutoCutoffRecord.MarginCallSuppressed, ages) with
                {
                    Reason = $"A margin call was sent within the last {_options.MarginCallInterval.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} h; no e-mail now.",
                };
                Keep(suppressed, counted: true);
                await AppendAsync(suppressed, null).ConfigureAwait(false);
            }

            return;
        }

        string outcome;
        if (string.IsNullOrWhiteSpace(account.Email))
        {
            outcome = "not sent: no address";
            AutoCutoffLog.NoAddress(_logger, account.Id);
        }
        else
        {
            var call = new MarginCall(account.Id, account.Email, portfolio.Equity!.Value, portfolio.UsedMargin!.Value, portfolio.MarginLevel!.Value, account.AutoCutoffLevel, account.AutoLiquidationLevel, account.Currency, now);
            outcome = _mailer.TryEnqueue(call) ? "queued to " + _mailer.Destination : "dropped: mail queue full";
        }

        AutoCutoffLog.MarginCall(_logger, account.Id, portfolio.MarginLevel!.Value, account.AutoCutoffLevel, account.AutoLiquidationLevel, portfolio.Equity!.Value, outcome);
        var sent = Record(seen, AutoCutoffRecord.MarginCallSent, ages) with { Reason = "Margin level at or below the cutoff level: margin call, e-mail " + outcome + "." };
        Keep(sent);
        await AppendAsync(sent, null).ConfigureAwait(false);
    }

    private async Task StopOutAsync(Seen seen)
    {
        var id = seen.Account.Id;
        await _stopOutSlots.WaitAsync(_stopping).ConfigureAwait(false);
        try
        {
            var fence = await _locks.TryLockStopOutAsync(id, Owner, _options.LockTtl, _stopping).ConfigureAwait(false);
            if (fence is null)
            {
                var holder = await _locks.ReadStopOutLockAsync(id, _stopping).ConfigureAwait(false) ?? "released meanwhile";
                AutoCutoffLog.StopOutBusy(_logger, id, holder);
                Keep(Record(seen, AutoCutoffRecord.StopOutBusy, Empty) with { Reason = "Another stop-out of the account holds its lock: " + holder + "." });
                return;
            }

            var run = new StopOutRun(fence, _time.GetUtcNow());
            _stopOuts[id] = run;
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            var renewing = RenewAsync(run, renewal.Token);
            try
            {
                await LiquidateAsync(seen, run).ConfigureAwait(false);
            }
            finally
            {
                await renewal.CancelAsync().ConfigureAwait(false);
                await renewing.ConfigureAwait(false);
                _stopOuts.TryRemove(id, out _);
                try
                {
                    await _locks.ReleaseStopOutAsync(fence, CancellationToken.None).ConfigureAwait(false);
                }
                catch (TradingStoreException ex)
                {
                    // It expires on its own within the lock's TTL.
                    AutoCutoffLog.ActionFailed(_logger, ex, id, "releasing the stop-out lock: " + ex.Message);
                }
            }
        }
        finally
        {
            _stopOutSlots.Release();
        }
    }

    /// <summary>Closes positions largest loss first, re-valuing after each close, while the account is below its liquidation level and the lock holds.</summary>
    private async Task LiquidateAsync(Seen seen, StopOutRun run)
    {
        var id = seen.Account.Id;
        var fence = run.Fence;
        var closes = 0;
        var misses = 0;
        if (await _engine.ValueAsync(id, _stopping).ConfigureAwait(false) is not var (state, valuation))
        {
            return;
        }

        var verdict = AutoCutoffRules.Decide(valuation, state.Account);
        if (verdict.Zone != AutoCutoffZone.StopOut)
        {
            await EndAsync(run, state.Account, valuation, verdict, closes, started: false).ConfigureAwait(false);
            return;
        }

        var started = Valued(id, state.Account, valuation, AutoCutoffRecord.StopOutStarted, run) with
        {
            Reason = "The margin level is below the liquidation level: positions are closed, largest loss first.",
        };
        Keep(started);
        AutoCutoffLog.StopOutStarted(_logger, id, fence.Token, valuation.MarginLevel, state.Account.AutoLiquidationLevel, valuation.Equity, valuation.UsedMargin);
        await AppendAsync(started, fence).ConfigureAwait(false);

        while (closes < _options.MaxClosesPerStopOut)
        {
            if (run.Lost)
            {
                await LostAsync(run, state.Account, valuation).ConfigureAwait(false);
                return;
            }

            // A provider position still being filled cannot be closed yet; the portfolio after its last fill starts the next stop-out.
            var open = state.ActiveOrders.Where(o => OrderTypeRules.IsOpenPosition(o.Status) && !ProviderRequests.IsPartlyFilled(o)).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var position = valuation.Positions.Where(p => open.Contains(p.OrderId)).OrderBy(p => p.NetProfit).ThenByDescending(p => p.Margin).FirstOrDefault();
            if (position is null)
            {
                break;
            }

            var chosen = state.ActiveOrders.First(o => o.Id == position.OrderId);
            var volume = chosen.Volume;
            if (chosen.ProviderRequest is { Action: OutstandingRequest.Close } outstanding)
            {
                // Its close is already at the provider (asked by an earlier run, or the client): never a second one; wait for the report.
                // Sent again under the same cl_ord_id: an instance that died between committing it and relaying it never sent it.
                var awaited = outstanding.ClientOrderId(position.OrderId);
                AutoCutoffLog.ProviderCloseAwaited(_logger, id, position.OrderId, awaited);
                _engine.ResendOutstanding(chosen);

                if (!await AwaitProviderCloseAsync(run, state.Account, valuation, position, volume, outstanding).ConfigureAwait(false))
                {
                    return;
                }
            }
            else
            {
                var close = Valued(id, state.Account, valuation, AutoCutoffRecord.ClosePosition, run) with
                {
                    OrderId = position.OrderId,
                    Reason = $"Largest loss: {position.Symbol} net {position.NetProfit.ToString(CultureInfo.InvariantCulture)} closed at {position.ClosePrice.ToString(CultureInfo.InvariantCulture)}.",
                };
                var outcome = await _engine.CloseForStopOutAsync(id, position.OrderId, fence, close.ToEvent(), _stopping).ConfigureAwait(false);
                if (outcome.RequestedAtProvider)
                {
                    // The close and its decision are committed under the fence and sent: the provider's report closes the position.
                    if (!outcome.Repeated)
                    {
                        Closed(seen, run, ref closes, close, done: false);
                        Interlocked.Increment(ref _providerCloses[ProviderRequested]);
                        AutoCutoffLog.ProviderCloseRequested(_logger, id, position.OrderId, position.Symbol, position.NetProfit, valuation.MarginLevel);
                    }

                    if (!await AwaitProviderCloseAsync(run, state.Account, valuation, position, volume, outcome.Order!.ProviderRequest!).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                else if (!outcome.Accepted || outcome.Repeated)
                {
                    switch (outcome.Refusal)
                    {
                        case RefusalReason.StaleFence:
                            run.Lost = true;
                            continue;
                        case RefusalReason.OrderNotFound or RefusalReason.InvalidState when ++misses <= 3:
                        case null when ++misses <= 3:
                            // Closed by other means meanwhile: value again and go on.
                            break;
                        default:
                            var refusal = outcome.Refusal is { } r ? TradingWire.Of(r) : "REPEATED";
                            AutoCutoffLog.CloseRefused(_logger, id, position.OrderId, refusal, outcome.Detail ?? string.Empty);
                            var reason = outcome.Refusal switch
                            {
                                RefusalReason.StalePrice or RefusalReason.MarketClosed => AutoCutoffRules.StalePrice,
                                RefusalReason.ProviderUnavailable => AutoCutoffRules.ProviderUnavailable,
                                _ => AutoCutoffRules.DegradedPortfolio,
                            };
                            await HoldInStopOutAsync(run, close with { Decision = AutoCutoffRecord.Held, HoldReason = reason, Reason = $"The close of {position.OrderId} was refused ({refusal}): {outcome.Detail}" }).ConfigureAwait(false);
                            return;
                    }
                }
                else
                {
                    Closed(seen, run, ref closes, close, done: true);
                    if (_logger.IsEnabled(LogLevel.Warning))
                    {
                        AutoCutoffLog.PositionClosed(_logger, id, position.OrderId, position.Symbol, position.NetProfit, valuation.MarginLevel);
                    }
                }
            }

            if (await _engine.ValueAsync(id, _stopping).ConfigureAwait(false) is not var (nextState, nextValuation))
            {
                return;
            }

            (state, valuation) = (nextState, nextValuation);
            verdict = AutoCutoffRules.Decide(valuation, state.Account);
            if (verdict.Zone != AutoCutoffZone.StopOut)
            {
                await EndAsync(run, state.Account, valuation, verdict, closes, started: true).ConfigureAwait(false);
                return;
            }
        }

        await EndAsync(run, state.Account, valuation, new AutoCutoffVerdict(AutoCutoffZone.StopOut), closes, started: true).ConfigureAwait(false);
    }

    /// <summary>
    /// A close decided and committed (or asked of the provider): its record kept, the first one timed; counted among the
    /// positions closed when <paramref name="done"/> (a provider's close counts when its fill comes).
    /// </summary>
    private void Closed(Seen seen, StopOutRun run, ref int closes, AutoCutoffRecord close, bool done)
    {
        if (closes == 0 && seen.QuoteReceivedAt is { } breachedAt)
        {
            _firstClose.Record(Math.Max(0, (long)(_time.GetUtcNow() - breachedAt).TotalMicroseconds));
        }

        closes++;
        run.Closes = closes;
        if (done)
        {
            Interlocked.Increment(ref _closes);
        }

        Keep(close);
    }

    /// <summary>
    /// Waits (lock renewed meanwhile) until the provider's report ends close <paramref name="request"/> of the position:
    /// true when the position closed (or went) and the stop-out goes on; false when it ended here: the lock was lost, the
    /// provider rejected the close, or no report came within <see cref="AutoCutoffOptions.ProviderCloseTimeout"/> (held).
    /// </summary>
    private async Task<bool> AwaitProviderCloseAsync(
        StopOutRun run, TradingAccount account, PortfolioValuation valuation, PositionValuation position, decimal volume, OutstandingRequest request)
    {
        var id = account.Id;
        var clientOrderId = request.ClientOrderId(position.OrderId);
        var deadline = _time.GetUtcNow() + _options.ProviderCloseTimeout;
        while (true)
        {
            // Taken before the read, so a portfolio that comes between the read and the wait still wakes it.
            var woken = run.Changed;
            if (run.Lost)
            {
                await LostAsync(run, account, valuation).ConfigureAwait(false);
                return false;
            }

            var order = await _store.ReadOrderAsync(id, position.OrderId, _stopping).ConfigureAwait(false);
            if (order is null || !OrderTypeRules.IsOpenPosition(order.Status) || order.Volume < volume)
            {
                Interlocked.Increment(ref _providerCloses[ProviderFilled]);
                Interlocked.Increment(ref _closes);
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    AutoCutoffLog.PositionClosed(_logger, id, position.OrderId, position.Symbol, position.NetProfit, valuation.MarginLevel);
                }

                return true;
            }

            if (order.ProviderRequest != request)
            {
                // Answered and the position still open: the provider refused the close.
                Interlocked.Increment(ref _providerCloses[ProviderRefused]);
                var why = _engine.ProviderRejectionOf(clientOrderId) ?? "the request was answered without closing the position (no reason known here)";
                AutoCutoffLog.ProviderCloseRejected(_logger, id, position.OrderId, clientOrderId, why);
                var held = Valued(id, account, valuation, AutoCutoffRecord.Held, run) with
                {
                    OrderId = position.OrderId,
                    HoldReason = AutoCutoffRules.ProviderRejected,
                    Reason = $"The liquidity provider rejected the stop-out close {clientOrderId} of {position.OrderId}: {why}. The next portfolio tries again.",
                };
                await HoldInStopOutAsync(run, held).ConfigureAwait(false);
                return false;
            }

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                Interlocked.Increment(ref _providerCloses[ProviderTimedOut]);
                AutoCutoffLog.ProviderCloseTimedOut(_logger, id, position.OrderId, clientOrderId, _options.ProviderCloseTimeout);
                var held = Valued(id, account, valuation, AutoCutoffRecord.Held, run) with
                {
                    OrderId = position.OrderId,
                    HoldReason = AutoCutoffRules.ProviderCloseOutstanding,
                    Reason = $"The stop-out close {clientOrderId} of {position.OrderId} has had no report from the liquidity provider within {_options.ProviderCloseTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s; it stays outstanding and is awaited again by the next stop-out.",
                };
                await HoldInStopOutAsync(run, held).ConfigureAwait(false);
                return false;
            }

            await Task.WhenAny(woken, Task.Delay(Min(left, _options.ProviderCloseCheckInterval), _time, _stopping)).ConfigureAwait(false);
            _stopping.ThrowIfCancellationRequested();
        }
    }

    private async Task EndAsync(StopOutRun run, TradingAccount account, PortfolioValuation valuation, AutoCutoffVerdict verdict, int closes, bool started)
    {
        if (verdict.Zone == AutoCutoffZone.Held)
        {
            var held = Valued(account.Id, account, valuation, AutoCutoffRecord.Held, run) with { HoldReason = verdict.HoldReason, Reason = verdict.Detail };
            await HoldInStopOutAsync(run, held).ConfigureAwait(false);
            return;
        }

        var outcome = verdict.Zone == AutoCutoffZone.StopOut
            ? closes >= _options.MaxClosesPerStopOut ? "close limit reached" : "no open position left"
            : started ? "back above the liquidation level" : "not below the liquidation level on fresh prices";
        var finished = Valued(account.Id, account, valuation, AutoCutoffRecord.StopOutFinished, run) with
        {
            Reason = $"Stop-out ended: {outcome} after {closes} closes.",
        };
        Keep(finished);
        AutoCutoffLog.StopOutFinished(_logger, account.Id, outcome, closes, valuation.MarginLevel);
        if (started)
        {
            await AppendAsync(finished, run.Fence).ConfigureAwait(false);
        }
    }

    private async Task HoldInStopOutAsync(StopOutRun run, AutoCutoffRecord held)
    {
        var watch = _watch.GetOrAdd(run.Fence.Account, static _ => new AccountWatch());
        Count(AutoCutoffRecord.Held);
        Hold(watch, held, _time.GetUtcNow());
        await AppendAsync(held, run.Fence).ConfigureAwait(false);
    }

    private Task LostAsync(StopOutRun run, TradingAccount account, PortfolioValuation valuation)
    {
        Interlocked.Increment(ref _locksLost);
        AutoCutoffLog.StopOutLost(_logger, account.Id, run.Fence.Token);
        Keep(Valued(account.Id, account, valuation, AutoCutoffRecord.StopOutLost, run) with
        {
            Reason = "The stop-out lock was lost (expired or taken): nothing more is closed under this fence.",
        });
        return Task.CompletedTask;
    }

    private async Task RenewAsync(StopOutRun run, CancellationToken cancellationToken)
    {
        var period = _options.LockTtl / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _time, cancellationToken).ConfigureAwait(false);
                if (await _locks.RenewStopOutAsync(run.Fence, _options.LockTtl, cancellationToken).ConfigureAwait(false))
                {
                    run.LastRenewedAt = _time.GetUtcNow();
                    continue;
                }

                run.Lost = true;
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (TradingStoreException)
            {
                // The store did not answer: the lock may still hold, until its TTL from the last renewal.
                if (_time.GetUtcNow() - run.LastRenewedAt >= _options.LockTtl)
                {
                    run.Lost = true;
                    return;
                }
            }
        }
    }

    /// <summary>Appends a decision to the account's outbox on its own commit (fenced inside a stop-out); false when it could not.</summary>
    private async Task<bool> AppendAsync(AutoCutoffRecord record, StopOutFence? fence)
    {
        var id = AccountId.Parse(record.Account);
        try
        {
            for (var attempt = 0; attempt < RecordAttempts; attempt++)
            {
                if (await _store.ReadAccountAsync(id, _stopping).ConfigureAwait(false) is not { } state)
                {
                    return false;
                }

                var outcome = await _store.CommitAsync(
                    new AccountCommit { Account = id, ExpectedRevision = state.Revision, Events = [record.ToEvent()], Fence = fence },
                    _stopping).ConfigureAwait(false);
                switch (outcome.Status)
                {
                    case CommitStatus.Committed:
                        return true;
                    case CommitStatus.Conflict:
                        continue;
                    default:
                        Failed(outcome.Status == CommitStatus.Fenced ? "the stop-out lock was lost" : "the account is gone");
                        return false;
                }
            }

            Failed($"the account changed under it {RecordAttempts} times");
            return false;
        }
        catch (TradingStoreException ex)
        {
            Failed(ex.Message);
            return false;
        }

        void Failed(string error)
        {
            Interlocked.Increment(ref _recordFailures);
            AutoCutoffLog.RecordFailed(_logger, record.Decision, record.Account, error);
        }
    }

    private void Hold(AccountWatch watch, AutoCutoffRecord record, DateTimeOffset now)
    {
        if (watch.HeldReason != record.HoldReason)
        {
            _holds.AddOrUpdate(record.HoldReason!, 1, static (_, n) => n + 1);
            AutoCutoffLog.Held(_logger, record.Account, record.HoldReason!, record.Reason ?? string.Empty);
            watch.HeldSince = now;
        }

        watch.HeldReason = record.HoldReason;
        watch.HeldDetail = record.Reason;
        Keep(record, counted: true);
    }

    private void Release(AccountWatch watch, AccountId account, AutoCutoffZone zone)
    {
        if (watch.HeldReason is null)
        {
            return;
        }

        watch.HeldReason = null;
        watch.HeldDetail = null;
        AutoCutoffLog.Released(_logger, account, zone);
    }

    private (IReadOnlyDictionary<string, long?> Ages, string? Stale) PriceAges(IEnumerable<string> symbols)
    {
        var ages = new SortedDictionary<string, long?>(StringComparer.Ordinal);
        string? stale = null;
        foreach (var symbol in symbols)
        {
            var guarded = _engine.Guard(symbol);
            ages[symbol] = guarded.Age is { } age ? (long)age.TotalMilliseconds : null;
            if (!guarded.IsUsable && stale is null)
            {
                var refusal = guarded.Refusal is { } r ? TradingWire.Of(r) : "STALE_PRICE";
                stale = guarded.Age is { } old
                    ? $"{symbol} is {refusal}: its price is {old.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms old (limit {guarded.MaxAge.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms)."
                    : $"{symbol} is {refusal}: no live price.";
            }
        }

        return (ages, stale);
    }

    private AutoCutoffRecord Record(Seen seen, string decision, IReadOnlyDictionary<string, long?> ages) => new()
    {
        Account = seen.Account.Id.ToString(),
        At = _time.GetUtcNow(),
        Decision = decision,
        Equity = seen.Portfolio.Equity,
        UsedMargin = seen.Portfolio.UsedMargin,
        MarginLevel = seen.Portfolio.MarginLevel,
        CutoffLevel = seen.Account.AutoCutoffLevel,
        LiquidationLevel = seen.Account.AutoLiquidationLevel,
        PriceAgesMs = ages,
        Owner = Owner,
    };

    private AutoCutoffRecord Valued(AccountId id, TradingAccount account, PortfolioValuation valuation, string decision, StopOutRun run) => new()
    {
        Account = id.ToString(),
        At = _time.GetUtcNow(),
        Decision = decision,
        Equity = valuation.Equity,
        UsedMargin = valuation.UsedMargin,
        MarginLevel = valuation.MarginLevel,
        CutoffLevel = account.AutoCutoffLevel,
        LiquidationLevel = account.AutoLiquidationLevel,
        PriceAgesMs = PriceAges(valuation.Positions.Select(p => p.Symbol).Concat(valuation.DegradedSymbols.Keys).Distinct(StringComparer.Ordinal)).Ages,
        Fence = run.Fence.Token,
        Owner = run.Fence.Owner,
    };

    private void Keep(AutoCutoffRecord record, bool counted = false)
    {
        if (!counted)
        {
            Count(record.Decision);
        }

        lock (_recentLock)
        {
            _recent.Enqueue(record);
            while (_recent.Count > _options.RecentDecisions)
            {
                _recent.Dequeue();
            }
        }
    }

    private void Count(string decision) => _decisions.AddOrUpdate(decision, 1, static (_, n) => n + 1);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static readonly IReadOnlyDictionary<string, long?> Empty = new Dictionary<string, long?>(StringComparer.Ordinal);

    /// <summary>The newest portfolio of an account, as the calculator wrote it.</summary>
    private sealed record Seen(AccountPortfolio Portfolio, TradingAccount Account, DateTimeOffset? QuoteReceivedAt, long Sequence);

    /// <summary>What the watcher remembers of an account between portfolios.</summary>
    private sealed class AccountWatch
    {
        public AutoCutoffZone Zone { get; set; } = AutoCutoffZone.Safe;

        /// <summary>Last seen below its cutoff level: its recovery or a hold is recorded.</summary>
        public bool AtRisk { get; set; }

        public string? HeldReason { get; set; }

        public string? HeldDetail { get; set; }

        public DateTimeOffset HeldSince { get; set; }

        public DateTimeOffset MarginCallQuietUntil { get; set; }

        public long Decided { get; set; }
    }

    /// <summary>A stop-out running here.</summary>
    private sealed class StopOutRun(StopOutFence fence, DateTimeOffset startedAt)
    {
        private int _lost;

        public StopOutFence Fence { get; } = fence;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public DateTimeOffset LastRenewedAt { get; set; } = startedAt;

        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Closes { get; set; }

        /// <summary>Completes when a portfolio of the account comes (its orders may have changed): a wait on the provider reads again.</summary>
        public Task Changed => Volatile.Read(ref _changed).Task;

        public void Wake() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        public bool Lost
        {
            get => Volatile.Read(ref _lost) == 1;
            set => Volatile.Write(ref _lost, value ? 1 : 0);
        }
    }
}
