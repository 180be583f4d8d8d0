using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Diagnostics;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Portfolio;

/// <summary>
/// Revalues every account holding a symbol (or needing it as a conversion cross) on each new quote of it, with the
/// portfolio formulas on guarded quotes, coalesced per account, and writes and announces the result.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="OnQuote"/> and <see cref="OnOrdersCommitted"/> are called from feed and request threads and never block
/// or do I/O: a quote waits in its symbol's <see cref="CoalescingQuoteSlot"/> (a newer one replaces it), a commit in a
/// queue. One consumer (<see cref="RunAsync"/>) makes passes: it reads the accounts that committed from the store (their
/// balance moved), takes the symbols whose quotes are ready, marks every account needing them dirty (once, however
/// many quotes), values the dirty accounts with the quotes the book holds then, writes them, and only then lets those
/// symbols be taken again. Quotes arriving during a pass coalesce into the next one. Within a pass the accounts whose
/// last margin level was near their AutoCutoff levels (<see cref="AtRiskFactor"/>) are valued, written and announced
/// first, so the watcher hears a breach before the other holders are valued.
/// </para>
/// <para>
/// A quote is never read as 0 or used old: each valuation goes through the price guard, and a refused price degrades
/// the portfolio (no figures, the symbol named). A sweep notices prices that stopped arriving and degrades their
/// holders; the next fresh quote revalues them. The book is read, not subscribed through DI (it is built with its
/// listeners, so the calculator adds itself to it).
/// </para>
/// </remarks>
public sealed class PortfolioCalculator : IQuoteListener, IOrderObserver
{
    /// <summary>How often prices that stopped arriving are looked for.</summary>
    public static readonly TimeSpan StaleSweepInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Wait before a failed read or write is tried again when nothing else wakes the consumer.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Degraded accounts named in the statistics (all are counted): a feed freeze may degrade thousands.</summary>
    public const int DegradedListed = 100;

    /// <summary>
    /// An account whose last margin level was at most this multiple of its higher AutoCutoff level (margin call or
    /// liquidation) is at risk: each pass values, writes and announces the at-risk accounts first, nearest their level
    /// first, before it values the other holders, so the AutoCutoff watcher hears a breach without waiting for the pass.
    /// </summary>
    public const decimal AtRiskFactor = 2m;

    private const int MaxStoreCallsInFlight = 256;
    private const int ParallelValuationThreshold = 512;

    private readonly ITradingStore _trading;
    private readonly IPortfolioStore _portfolios;
    private readonly PriceBook _book;
    private readonly QuoteGuard _guard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly ConcurrentDictionary<string, CoalescingQuoteSlot> _slots = new(StringComparer.Ordinal);
    private readonly Func<string, CoalescingQuoteSlot> _newSlot = static symbol => new CoalescingQuoteSlot(symbol);
    private readonly Channel<CoalescingQuoteSlot> _ready = Channel.CreateUnbounded<CoalescingQuoteSlot>();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentQueue<(AccountId Account, IReadOnlyList<Order> Orders)> _commits = new();
    private readonly ConcurrentQueue<AccountId> _recalcs = new();
    private readonly ConcurrentQueue<PartitionChange> _partitionChanges = new();
    private readonly HashSet<int> _partitionsToLoad = [];
    private readonly IPartitionOwnership _ownership;
    private readonly TimeSpan? _reconcileInterval;
    private int _reconcileDue;
    private long _reconciles;
    private long _reconciledAccounts;

    // The consumer's own state: touched only by the pass.
    private readonly Dictionary<AccountId, TrackedAccount> _accounts = [];
    private readonly Dictionary<string, HashSet<TrackedAccount>> _dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Symbol), GroupSymbolTerms?> _terms = [];
    private readonly List<TrackedAccount> _dirty = [];
    private readonly HashSet<TrackedAccount> _holdersToSync = [];
    private readonly Dictionary<string, RefusalReason> _refusedSymbols = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<AccountId, string> _degraded = new();
    private IPortfolioObserver[] _observers = [];
    private readonly SlidingLatency _latency;
    private readonly SlidingRate _rate;
    private int _running;
    private int _passing = 1;
    private int _backlog;
    private int _state = (int)CalculatorState.NotStarted;
    private int _sweepDue;
    private int _tracked;
    private int _watched;
    private int _lastPassAccounts;
    private long _lastPassComputeTicks;
    private long _recomputes;
    private long _accountConflations;
    private long _writeFailures;
    private long _readFailures;
    private long _holderFailures;
    private long _recalcRequests;

    public PortfolioCalculator(
        ITradingStore trading,
        IPortfolioStore portfolios,
        PriceBook book,
        IOptions<TradingOptions> options,
        TimeProvider time,
        ILogger<PortfolioCalculator>? logger = null,
        IPartitionOwnership? ownership = null,
        IOptions<ClusterOptions>? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(trading);
        ArgumentNullException.ThrowIfNull(portfolios);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _trading = trading;
        _portfolios = portfolios;
        _book = book;
        _guard = new QuoteGuard(book, options, time);
        _time = time;
        _logger = logger ?? NullLogger<PortfolioCalculator>.Instance;
        _latency = new SlidingLatency(time, TimeSpan.FromMinutes(1));
        _rate = new SlidingRate(time);
        _ownership = ownership ?? new AllPartitionsOwned();
        _reconcileInterval = PartitionReconcile.IntervalOf(cluster);
        book.AddListener(this);
    }

    private enum CalculatorState
    {
        NotStarted,
        Starting,
        Running,
        Stopped,
        Faulted,
    }

    /// <summary>True when no quote, commit or recompute request waits, no account awaits a read, a write or a holder change, and no pass runs.</summary>
    public bool IsIdle =>
        Volatile.Read(ref _state) == (int)CalculatorState.Running && Volatile.Read(ref _passing) == 0 && Volatile.Read(ref _backlog) == 0
        && _partitionChanges.IsEmpty && _commits.IsEmpty && _recalcs.IsEmpty && _ready.Reader.Count == 0 && !_slots.Values.Any(s => s.HasPending);

    /// <summary>Told of each quote the book accepts; non-blocking, safe from any number of threads.</summary>
    public void OnQuote(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);

        // A warmed-up quote is never valued on (the guard refuses it); the first live one revalues.
        if (quote.IsWarmup)
        {
            return;
        }

        var slot = _slots.GetOrAdd(quote.Symbol, _newSlot);
        if (slot.Offer(quote) == QuoteOfferOutcome.Enqueue)
        {
            _ready.Writer.TryWrite(slot);
            Wake();
        }
    }

    /// <summary>Told of every committed order; the account is read again and revalued on the next pass.</summary>
    /// <summary>Partition reconciles run (leased cluster only).</summary>
    public long Reconciles => Interlocked.Read(ref _reconciles);

    /// <summary>Accounts the partition reconciles found changed by commits not heard here, read again and revalued.</summary>
    public long ReconciledAccounts => Interlocked.Read(ref _reconciledAccounts);

    public void OnOrdersCommitted(AccountId account, IReadOnlyList<Order> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        _commits.Enqueue((account, orders));
        Wake();
    }

    /// <summary>Reads <paramref name="accounts"/> again from the store (terms included) and revalues them on the next pass.</summary>
    public void RequestRecalc(IReadOnlyList<AccountId> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        Interlocked.Add(ref _recalcRequests, accounts.Count);
        foreach (var account in accounts)
        {
            _recalcs.Enqueue(account);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            PortfolioCalculatorLog.RecalcRequested(_logger, accounts.Count);
        }

        Wake();
    }

    public PortfolioCalculatorStatistics GetStatistics()
    {
        long quoteConflations = 0;
        foreach (var slot in _slots.Values)
        {
            quoteConflations += slot.Conflations;
        }

        var accounts = Volatile.Read(ref _lastPassAccounts);
        var computeTicks = Interlocked.Read(ref _lastPassComputeTicks);
        return new PortfolioCalculatorStatistics(
            StateName((CalculatorState)Volatile.Read(ref _state)),
            Volatile.Read(ref _tracked),
            Volatile.Read(ref _watched),
            _degraded.Count,
            [.. _degraded.Select(d => new DegradedPortfolio(d.Key.ToString(), d.Value)).OrderBy(d => d.Account, StringComparer.Ordinal).Take(DegradedListed)],
            Interlocked.Read(ref _recomputes),
            _rate.PerSecond(),
            quoteConflations,
            Interlocked.Read(ref _accountConflations),
            _latency.Summarize(),
            accounts == 0 ? 0 : computeTicks * 1_000_000.0 / _time.TimestampFrequency / accounts,
            accounts,
            Interlocked.Read(ref _writeFailures),
            Interlocked.Read(ref _readFailures),
            Interlocked.Read(ref _holderFailures),
            Interlocked.Read(ref _recalcRequests),
            _portfolios.MalformedRecalcRequests);
    }

    /// <summary>Adds an observer told of every portfolio written from now on (added after construction: the observer may need the engine, which needs the calculator).</summary>
    public void AddObserver(IPortfolioObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        IPortfolioObserver[] before, after;
        do
        {
            before = Volatile.Read(ref _observers);
            after = [.. before, observer];
        }
        while (Interlocked.CompareExchange(ref _observers, after, before) != before);
    }

    /// <summary>Accounts whose last written portfolio is degraded (cheap: the metrics read it on every scrape).</summary>
    public int DegradedCount => _degraded.Count;

    /// <summary>Loads the accounts with active orders, then revalues until <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="InvalidOperationException">It is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            throw new InvalidOperationException("The portfolio calculator is already running.");
        }

        _ownership.Changed += OnPartitionsChanged;
        try
        {
            Volatile.Write(ref _state, (int)CalculatorState.Starting);
            await LoadUntilDoneAsync(cancellationToken).ConfigureAwait(false);
            await using var subscription = await _portfolios.SubscribeRecalcAsync(RequestRecalc, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _state, (int)CalculatorState.Running);
            PortfolioCalculatorLog.Listening(_logger);
            Wake();
            try
            {
                await Task.WhenAll(ConsumeAsync(cancellationToken), SweepAsync(cancellationToken), ReconcileTimerAsync(cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Normal stop.
            }

            Volatile.Write(ref _state, (int)CalculatorState.Stopped);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var recomputes = Interlocked.Read(ref _recomputes);
                PortfolioCalculatorLog.Stopped(_logger, recomputes);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _state, (int)CalculatorState.Stopped);
        }
        catch (Exception)
        {
            Volatile.Write(ref _state, (int)CalculatorState.Faulted);
            throw;
        }
        finally
        {
            _ownership.Changed -= OnPartitionsChanged;
            Volatile.Write(ref _running, 0);
        }
    }

    private void OnPartitionsChanged(PartitionChange change)
    {
        _partitionChanges.Enqueue(change);
        Wake();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private static string StateName(CalculatorState state) => state switch
    {
        CalculatorState.NotStarted => "not_started",
        CalculatorState.Starting => "starting",
        CalculatorState.Running => "running",
        CalculatorState.Stopped => "stopped",
        _ => "faulted",
    };

    // A store that is down at start is waited for, not a fault: nothing can be valued without the accounts.
    private async Task LoadUntilDoneAsync(CancellationToken cancellationToken)
    {
        var delay = RetryDelay;
        while (true)
        {
            try
            {
                await LoadAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TradingStoreException ex)
            {
                PortfolioCalculatorLog.StartFailed(_logger, delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Every account with active orders, read from the store; the stored symbol holders corrected to match.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();

        // A run after a restart starts from the store again, not from what the last run held.
        _terms.Clear();
        _accounts.Clear();
        _dependents.Clear();
        _dirty.Clear();
        _holdersToSync.Clear();
        _refusedSymbols.Clear();
        _degraded.Clear();
        foreach (var terms in await _trading.ListTermsAsync(cancellationToken).ConfigureAwait(false))
        {
            _terms[(terms.Group, terms.Symbol)] = terms;
        }

        var ids = (await _trading.ListAccountsAsync(cancellationToken).ConfigureAwait(false)).Where(_ownership.Owns).ToList();
        _partitionsToLoad.Clear();
        var states = new List<AccountState>(ids.Count);
        foreach (var chunk in ids.Chunk(MaxStoreCallsInFlight))
        {
            var read = await Task.WhenAll(chunk.Select(id => _trading.ReadAccountAsync(id, cancellationToken))).ConfigureAwait(false);
            states.AddRange(read.Where(s => s is { ActiveOrders.Count: > 0 })!);
        }

        foreach (var state in states)
        {
            var tracked = Track(state.Account.Id);
            tracked.Reset(state);
            await RebuildAsync(tracked, cancellationToken).ConfigureAwait(false);
            tracked.NeedsRefresh = false;
            MarkDirty(tracked, null, conflation: false);
        }

        var corrected = await CorrectHoldersAsync(cancellationToken).ConfigureAwait(false);
        foreach (var account in _accounts.Values)
        {
            account.HeldInStore = account.Held;
        }

        _holdersToSync.Clear();
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var elapsedMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            var symbols = _accounts.Values.SelectMany(a => a.Held).Distinct().Count();
            PortfolioCalculatorLog.Loaded(_logger, _accounts.Count, symbols, corrected, elapsedMs);
        }
    }

    /// <summary>Makes the stored <c>symbol_holders</c> sets say what the accounts hold: a crash between a close and its removal left members behind.</summary>
    private async Task<int> CorrectHoldersAsync(CancellationToken cancellationToken)
    {
        var truth = new Dictionary<string, HashSet<AccountId>>(StringComparer.Ordinal);
        foreach (var account in _accounts.Values)
        {
            foreach (var symbol in account.Held)
            {
                if (!truth.TryGetValue(symbol, out var holders))
                {
                    truth[symbol] = holders = [];
                }

                holders.Add(account.Id);
            }
        }

        var symbols = _book.Symbols.All.Select(s => s.Symbol).Concat(truth.Keys).Distinct(StringComparer.Ordinal).ToArray();
        var stored = await _portfolios.ReadHoldersAsync(symbols, cancellationToken).ConfigureAwait(false);
        var adds = new Dictionary<AccountId, List<string>>();
        var removes = new Dictionary<AccountId, List<string>>();
        foreach (var symbol in symbols)
        {
            var want = truth.GetValueOrDefault(symbol) ?? [];
            var have = stored.GetValueOrDefault(symbol) ?? new HashSet<AccountId>();
            foreach (var id in want.Where(id => !have.Contains(id)))
            {
                (adds.TryGetValue(id, out var list) ? list : adds[id] = []).Add(symbol);
            }

            // Holders of accounts owned elsewhere are their owner's to correct.
            foreach (var id in have.Where(id => !want.Contains(id) && _ownership.Owns(id)))
            {
                (removes.TryGetValue(id, out var list) ? list : removes[id] = []).Add(symbol);
            }
        }

        foreach (var (id, list) in adds)
        {
            await _portfolios.AddHolderAsync(id, list, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (id, list) in removes)
        {
            await _portfolios.RemoveHolderAsync(id, list, cancellationToken).ConfigureAwait(false);
        }

        return adds.Values.Sum(l => l.Count) + removes.Values.Sum(l => l.Count);
    }

    // A failed read or write is tried again on the next pass; the sweep's wake-up makes one at least every interval.
    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (true)
        {
            Volatile.Write(ref _backlog, _dirty.Count + _holdersToSync.Count + _accounts.Values.Count(a => a.NeedsRefresh));
            Volatile.Write(ref _passing, 0);
            await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _passing, 1);
            _wake.Reader.TryRead(out _);
            await PassAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StaleSweepInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Volatile.Write(ref _sweepDue, 1);
            Wake();
        }
    }

    // Leased cluster only: the owned accounts are read again on the next pass after each interval.
    private async Task ReconcileTimerAsync(CancellationToken cancellationToken)
    {
        if (_reconcileInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Volatile.Write(ref _reconcileDue, 1);
            Wake();
        }
    }

    /// <summary>
    /// Reads every owned account and marks for a refresh those the store holds at a newer revision than this calculator
    /// (or with active orders it does not track): a commit elsewhere whose recalculation hint was lost. A failed read is
    /// left to the next interval.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        try
        {
            var ids = (await _trading.ListAccountsAsync(cancellationToken).ConfigureAwait(false)).Where(_ownership.Owns).ToList();
            var changed = 0;
            foreach (var chunk in ids.Chunk(MaxStoreCallsInFlight))
            {
                var states = await Task.WhenAll(chunk.Select(id => _trading.ReadAccountAsync(id, cancellationToken))).ConfigureAwait(false);
                foreach (var state in states)
                {
                    if (state is null)
                    {
                        continue;
                    }

                    var known = _accounts.GetValueOrDefault(state.Account.Id);
                    var missed = known is null ? state.ActiveOrders.Count > 0 : !known.NeedsRefresh && state.Revision > known.Revision;
                    if (missed)
                    {
                        Track(state.Account.Id).NeedsRefresh = true;
                        changed++;
                    }
                }
            }

            Interlocked.Increment(ref _reconciles);
            Interlocked.Add(ref _reconciledAccounts, changed);
            if (changed > 0)
            {
                ClusterTradingLog.PartitionReconciled(_logger, "portfolio", changed, ids.Count, "revalued");
            }
        }
        catch (TradingStoreException ex)
        {
            ClusterTradingLog.PartitionReconcileFailed(_logger, "portfolio", ex.Message, _reconcileInterval?.TotalSeconds ?? 0);
        }
    }

    /// <summary>One pass: commits and requests read from the store, ready quotes taken, dirty accounts valued and written, slots released.</summary>
    private async Task PassAsync(CancellationToken cancellationToken)
    {
        await ApplyPartitionChangesAsync(cancellationToken).ConfigureAwait(false);

        while (_commits.TryDequeue(out var commit))
        {
            // A commit made here on an account owned elsewhere is valued by its owner (told by a recalculation hint).
            if (!_ownership.Owns(commit.Account))
            {
                continue;
            }

            var tracked = Track(commit.Account);
            tracked.Apply(commit.Orders);
            tracked.NeedsRefresh = true;
        }

        while (_recalcs.TryDequeue(out var account))
        {
            if (!_ownership.Owns(account))
            {
                continue;
            }

            var tracked = Track(account);
            tracked.NeedsRefresh = true;
            foreach (var pair in tracked.TermsNeeded())
            {
                // A recompute request is how an operator says terms changed: read them again.
                _terms.Remove(pair);
            }
        }

        // After the commits and requests heard here are marked, so only what was not heard counts as missed.
        if (Interlocked.Exchange(ref _reconcileDue, 0) == 1)
        {
            await ReconcileAsync(cancellationToken).ConfigureAwait(false);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await SyncHoldersAsync(cancellationToken).ConfigureAwait(false);

        var taken = new List<(CoalescingQuoteSlot Slot, Quote Quote)>();
        var done = false;
        try
        {
            while (_ready.Reader.TryRead(out var slot))
            {
                if (slot.Take() is not { } quote)
                {
                    continue;
                }

                taken.Add((slot, quote));
                if (_dependents.TryGetValue(quote.Symbol, out var accounts))
                {
                    foreach (var account in accounts)
                    {
                        MarkDirty(account, quote.ReceivedAt);
                    }
                }
            }

            var guards = GuardAll();
            if (_dirty.Count > 0)
            {
                await ValueAndWriteAsync(guards, cancellationToken).ConfigureAwait(false);
            }

            done = true;
        }
        finally
        {
            // Only now may the symbols be taken again; a pass that was stopped gives its quotes back.
            foreach (var (slot, quote) in taken)
            {
                if (done ? slot.Complete(quote, accepted: true, knownVersion: null, out _) : slot.Release(quote))
                {
                    _ready.Writer.TryWrite(slot);
                    Wake();
                }
            }
        }
    }

    /// <summary>The guarded quote of every symbol some account needs, at this instant; a symbol newly refused or fresh again revalues its accounts.</summary>
    private Dictionary<string, GuardedQuote> GuardAll()
    {
        var sweep = Interlocked.Exchange(ref _sweepDue, 0) == 1;
        var guards = new Dictionary<string, GuardedQuote>(_dependents.Count, StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        foreach (var (symbol, accounts) in _dependents)
        {
            var guarded = _guard.Check(symbol, now);
            guards[symbol] = guarded;
            var refused = _refusedSymbols.TryGetValue(symbol, out var was);
            if (!guarded.IsUsable && (!refused || was != guarded.Refusal) && (sweep || accounts.Any(a => a.Dirty)))
            {
                var reason = guarded.Refusal ?? RefusalReason.StalePrice;
                _refusedSymbols[symbol] = reason;
                foreach (var account in accounts)
                {
                    MarkDirty(account, null, conflation: false);
                }

                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    PortfolioCalculatorLog.SymbolRefused(_logger, symbol, TradingWire.Of(reason), accounts.Count);
                }
            }
            else if (guarded.IsUsable && refused)
            {
                _refusedSymbols.Remove(symbol);
                foreach (var account in accounts)
                {
                    MarkDirty(account, null, conflation: false);
                }

                if (_logger.IsEnabled(LogLevel.Information))
                {
                    PortfolioCalculatorLog.SymbolRecovered(_logger, symbol, accounts.Count);
                }
            }
        }

        return guards;
    }

    private async Task ValueAndWriteAsync(Dictionary<string, GuardedQuote> guards, CancellationToken cancellationToken)
    {
        // An account awaiting its read stays queued: its balance may have moved.
        var dirty = _dirty.Where(a => !a.NeedsRefresh).ToArray();
        _dirty.RemoveAll(a => !a.NeedsRefresh);
        foreach (var account in dirty)
        {
            account.Dirty = false;
        }

        // The at-risk few first (written and announced on their own), then the rest: a breach never waits for 10,000 holders.
        var now = _time.GetUtcNow();
        var atRisk = dirty.Where(IsAtRisk).OrderBy(Proximity).ToArray();
        var rest = atRisk.Length == 0 ? dirty : [.. dirty.Where(a => !IsAtRisk(a))];
        var computeTicks = 0L;
        var (failed, firstError) = (0, (Exception?)null);
        TrackedAccount[][] parts = atRisk.Length == 0 ? [rest] : [atRisk, rest];
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            var started = _time.GetTimestamp();
            var portfolios = ValueAll(part, guards, now);
            computeTicks += _time.GetTimestamp() - started;
            var (partFailed, partError) = await WriteAllAsync(part, portfolios, cancellationToken).ConfigureAwait(false);
            failed += partFailed;
            firstError ??= partError;
        }

        Interlocked.Exchange(ref _lastPassComputeTicks, computeTicks);
        Volatile.Write(ref _lastPassAccounts, dirty.Length);
        if (failed > 0)
        {
            Interlocked.Add(ref _writeFailures, failed);
            PortfolioCalculatorLog.WriteFailed(_logger, failed, dirty.Length, firstError?.Message ?? "unknown");
        }
    }

    /// <summary>True when the account's last margin level was within <see cref="AtRiskFactor"/> of its higher AutoCutoff level.</summary>
    private static bool IsAtRisk(TrackedAccount account) =>
        account.LastMarginLevel is { } level && account.Account is { } config && level <= AtRiskFactor * Math.Max(config.AutoCutoffLevel, config.AutoLiquidationLevel);

    /// <summary>How far above its higher AutoCutoff level an at-risk account was (smaller is nearer).</summary>
    private static decimal Proximity(TrackedAccount account) =>
        account.LastMarginLevel!.Value - Math.Max(account.Account!.AutoCutoffLevel, account.Account.AutoLiquidationLevel);

    private static AccountPortfolio[] ValueAll(TrackedAccount[] accounts, Dictionary<string, GuardedQuote> guards, DateTimeOffset now)
    {
        var portfolios = new AccountPortfolio[accounts.Length];
        if (accounts.Length >= ParallelValuationThreshold)
        {
            Parallel.For(0, accounts.Length, i => portfolios[i] = Value(accounts[i], guards, now));
        }
        else
        {
            for (var i = 0; i < accounts.Length; i++)
            {
                portfolios[i] = Value(accounts[i], guards, now);
            }
        }

        return portfolios;
    }

    /// <summary>Writes the portfolios up to <see cref="MaxStoreCallsInFlight"/> at a time, announcing each chunk once written; a failed one is queued again.</summary>
    private async Task<(int Failed, Exception? FirstError)> WriteAllAsync(TrackedAccount[] accounts, AccountPortfolio[] portfolios, CancellationToken cancellationToken)
    {
        var failed = 0;
        Exception? firstError = null;
        for (var offset = 0; offset < accounts.Length; offset += MaxStoreCallsInFlight)
        {
            var count = Math.Min(MaxStoreCallsInFlight, accounts.Length - offset);
            var writes = new Task[count];
            for (var i = 0; i < count; i++)
            {
                writes[i] = _portfolios.WriteAsync(portfolios[offset + i], cancellationToken);
            }

            try
            {
                await Task.WhenAll(writes).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Each write's own outcome is read below.
            }

            var writtenAt = _time.GetUtcNow();
            for (var i = 0; i < count; i++)
            {
                var account = accounts[offset + i];
                if (writes[i].IsCompletedSuccessfully)
                {
                    Written(account, portfolios[offset + i], writtenAt);
                    continue;
                }

                failed++;
                firstError ??= writes[i].Exception?.GetBaseException();
                MarkDirty(account, account.DirtySince, conflation: false);
            }
        }

        return (failed, firstError);
    }

    private static AccountPortfolio Value(TrackedAccount account, Dictionary<string, GuardedQuote> guards, DateTimeOffset now)
    {
        var config = account.Account!;
        if (account.Unvalued.Count > 0)
        {
            return new AccountPortfolio { Account = account.Id, Balance = config.WalletBalance, ComputedAt = now, DegradedSymbols = new Dictionary<string, RefusalReason>(account.Unvalued, StringComparer.Ordinal) };
        }

        var valuation = PortfolioMath.Value(
            config.WalletBalance,
            config.Leverage,
            account.Positions,
            symbol => guards.TryGetValue(symbol, out var guarded) ? guarded : new GuardedQuote { Refusal = RefusalReason.StalePrice },
            currency => account.Conversions.GetValueOrDefault(currency));
        if (valuation.IsDegraded)
        {
            return AccountPortfolio.Of(account.Id, valuation, now);
        }

        var sequences = new Dictionary<string, long>(account.Needs.Count, StringComparer.Ordinal);
        foreach (var symbol in account.Needs)
        {
            if (guards.TryGetValue(symbol, out var guarded) && guarded.Quote is { } quote)
            {
                sequences[symbol] = quote.BookSequence;
            }
        }

        return AccountPortfolio.Of(account.Id, valuation, now, sequences);
    }

    private void Written(TrackedAccount account, AccountPortfolio portfolio, DateTimeOffset writtenAt)
    {
        Interlocked.Increment(ref _recomputes);
        _rate.Add(1);
        if (account.DirtySince is { } since)
        {
            _latency.Record(Math.Max(0, (long)(writtenAt - since).TotalMicroseconds));
        }

        var quoteReceivedAt = account.DirtySince;
        account.DirtySince = null;
        if (portfolio.MarginLevel is { } level)
        {
            account.LastMarginLevel = level;
        }

        foreach (var observer in Volatile.Read(ref _observers))
        {
            observer.OnPortfolio(portfolio, account.Account!, quoteReceivedAt);
        }

        if (portfolio.IsDegraded)
        {
            account.DegradedText = portfolio.DegradedText();
            _degraded[account.Id] = account.DegradedText;
        }
        else
        {
            account.DegradedText = null;
            _degraded.TryRemove(account.Id, out _);
        }

        // Nothing held any more: its last portfolio (equity = balance) is written; no quote can change it.
        if (!account.HasOrders)
        {
            Untrack(account);
        }
    }

    /// <summary>Reads every account that committed or was asked for from the store, in concurrent chunks; a failed read waits for the next pass.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var due = _accounts.Values.Where(a => a.NeedsRefresh).ToArray();
        if (due.Length == 0)
        {
            return;
        }

        var failed = 0;
        Exception? firstError = null;
        foreach (var chunk in due.Chunk(MaxStoreCallsInFlight))
        {
            var reads = chunk.Select(a => _trading.ReadAccountAsync(a.Id, cancellationToken)).ToArray();
            try
            {
                await Task.WhenAll(reads).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Each read's own outcome is read below.
            }

            for (var i = 0; i < chunk.Length; i++)
            {
                var account = chunk[i];
                if (!reads[i].IsCompletedSuccessfully)
                {
                    failed++;
                    firstError ??= reads[i].Exception?.GetBaseException();
                    continue;
                }

                if (reads[i].Result is not { } state)
                {
                    // The account is gone: nothing to value.
                    account.NeedsRefresh = false;
                    Untrack(account);
                    continue;
                }

                account.Reset(state);
                try
                {
                    await RebuildAsync(account, cancellationToken).ConfigureAwait(false);
                }
                catch (TradingStoreException ex)
                {
                    failed++;
                    firstError ??= ex;
                    continue;
                }

                account.NeedsRefresh = false;
                MarkDirty(account, null, conflation: false);
            }
        }

        if (failed > 0)
        {
            Interlocked.Add(ref _readFailures, failed);
            PortfolioCalculatorLog.ReadFailed(_logger, failed, firstError?.Message ?? "unknown");
        }
    }

    /// <summary>Builds the account's positions with the terms (read once per group and symbol), and files it under the symbols it needs.</summary>
    private async Task RebuildAsync(TrackedAccount account, CancellationToken cancellationToken)
    {
        foreach (var pair in account.TermsNeeded())
        {
            if (!_terms.ContainsKey(pair))
            {
                _terms[pair] = await _trading.ReadTermsAsync(pair.Group, pair.Symbol, cancellationToken).ConfigureAwait(false);
            }
        }

        var needsBefore = account.Needs;
        account.Rebuild(
            (group, symbol) => _terms.GetValueOrDefault((group, symbol)),
            _guard.ConversionOf);
        File(account, needsBefore, account.Needs);
        if (!account.HeldInStore.SetEquals(account.Held))
        {
            _holdersToSync.Add(account);
        }
    }

    /// <summary>
    /// Tells the store's <c>symbol_holders</c> sets what changed in the accounts' holdings, up to
    /// <see cref="MaxStoreCallsInFlight"/> accounts at once (one after another, a burst of orders held the pass for a round
    /// trip per account); a failure is retried on the next pass.
    /// </summary>
    private async Task SyncHoldersAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in _holdersToSync.ToArray().Chunk(MaxStoreCallsInFlight))
        {
            var changes = chunk.Select(account => ChangeHoldersAsync(account, cancellationToken)).ToArray();
            try
            {
                await Task.WhenAll(changes).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Each change's own outcome is read below.
            }

            for (var i = 0; i < chunk.Length; i++)
            {
                var account = chunk[i];
                if (changes[i].IsCompletedSuccessfully)
                {
                    account.HeldInStore = changes[i].Result;
                    _holdersToSync.Remove(account);
                }
                else if (changes[i].Exception?.GetBaseException() is TradingStoreException ex)
                {
                    Interlocked.Increment(ref _holderFailures);
                    if (_logger.IsEnabled(LogLevel.Warning))
                    {
                        PortfolioCalculatorLog.HoldersFailed(_logger, account.Id.ToString(), ex.Message);
                    }
                }
                else
                {
                    // Anything but a store failure (a stop included) ends the pass as before.
                    await changes[i].ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Adds the account to the holders of the symbols it newly holds, then removes it from those it left; returns what it holds now.</summary>
    private async Task<IReadOnlySet<string>> ChangeHoldersAsync(TrackedAccount account, CancellationToken cancellationToken)
    {
        var held = account.Held;
        var added = held.Except(account.HeldInStore).ToArray();
        var removed = account.HeldInStore.Except(held).ToArray();
        if (added.Length > 0)
        {
            await _portfolios.AddHolderAsync(account.Id, added, cancellationToken).ConfigureAwait(false);
        }

        if (removed.Length > 0)
        {
            await _portfolios.RemoveHolderAsync(account.Id, removed, cancellationToken).ConfigureAwait(false);
        }

        return held;
    }

    /// <summary>
    /// Untracks the accounts of partitions lost (their portfolios are the new owner's to write) and tracks those of
    /// partitions gained, read on this pass; a listing that fails is tried again on the next pass.
    /// </summary>
    private async Task ApplyPartitionChangesAsync(CancellationToken cancellationToken)
    {
        var lost = new List<int>();
        while (_partitionChanges.TryDequeue(out var change))
        {
            lost.AddRange(change.Lost);
            _partitionsToLoad.ExceptWith(change.Lost);
            _partitionsToLoad.UnionWith(change.Gained);
        }

        if (lost.Count > 0)
        {
            var dropped = _accounts.Values.Where(a => !_ownership.Owns(a.Id)).ToList();
            foreach (var account in dropped)
            {
                Untrack(account);
            }

            var lostText = string.Join(',', lost.Distinct().Order());
            ClusterTradingLog.PartitionDropped(_logger, "portfolio", lostText, dropped.Count, dropped.Count);
        }

        if (_partitionsToLoad.Count == 0)
        {
            return;
        }

        var partitions = _partitionsToLoad.ToHashSet();
        var text = string.Join(',', partitions.Order());
        IReadOnlyList<AccountId> ids;
        try
        {
            ids = await _trading.ListAccountsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TradingStoreException ex)
        {
            ClusterTradingLog.PartitionLoadFailed(_logger, "portfolio", text, ex.Message, StaleSweepInterval.TotalSeconds);
            return;
        }

        var gained = 0;
        foreach (var id in ids)
        {
            if (partitions.Contains(PartitionMap.Of(id, _ownership.Partitions)) && _ownership.Owns(id))
            {
                // Read, rebuilt and valued by this pass's refresh; one with no active order is untracked by the next commit's read.
                Track(id).NeedsRefresh = true;
                gained++;
            }
        }

        _partitionsToLoad.Clear();
        ClusterTradingLog.PartitionLoaded(_logger, "portfolio", text, gained, gained);
    }

    private TrackedAccount Track(AccountId id)
    {
        if (!_accounts.TryGetValue(id, out var account))
        {
            _accounts[id] = account = new TrackedAccount(id);
            Volatile.Write(ref _tracked, _accounts.Count);
        }

        return account;
    }

    private void Untrack(TrackedAccount account)
    {
        File(account, account.Needs, new HashSet<string>(StringComparer.Ordinal));
        if (account.Dirty)
        {
            account.Dirty = false;
            _dirty.Remove(account);
        }

        _holdersToSync.Remove(account);
        _accounts.Remove(account.Id);
        _degraded.TryRemove(account.Id, out _);
        Volatile.Write(ref _tracked, _accounts.Count);
    }

    /// <summary>Moves the account from the dependents of the symbols it needed to those it needs now.</summary>
    private void File(TrackedAccount account, IReadOnlySet<string> before, IReadOnlySet<string> after)
    {
        foreach (var symbol in before)
        {
            if (!after.Contains(symbol) && _dependents.TryGetValue(symbol, out var accounts) && accounts.Remove(account) && accounts.Count == 0)
            {
                _dependents.Remove(symbol);
                _refusedSymbols.Remove(symbol);
            }
        }

        foreach (var symbol in after)
        {
            if (!_dependents.TryGetValue(symbol, out var accounts))
            {
                _dependents[symbol] = accounts = [];
            }

            accounts.Add(account);
        }

        Volatile.Write(ref _watched, _dependents.Count);
    }

    private void MarkDirty(TrackedAccount account, DateTimeOffset? quoteReceivedAt, bool conflation = true)
    {
        if (quoteReceivedAt is { } received && (account.DirtySince is not { } since || received < since))
        {
            account.DirtySince = received;
        }

        if (account.Dirty)
        {
            if (conflation)
            {
                Interlocked.Increment(ref _accountConflations);
            }

            return;
        }

        account.Dirty = true;
        _dirty.Add(account);
    }
}
