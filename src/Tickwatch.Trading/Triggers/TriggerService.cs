using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Triggers;

/// <summary>
/// Fires pending orders, stop-losses and take-profits from the quote listeners, on the side they execute at, each once:
/// the one consumer of the <see cref="TriggerMonitor"/>'s ready queue, and the writer of the <see cref="ITriggerIndex"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Half spread per group.</b> A trigger compares its price with the price its order executes at, and that carries the
/// half spread of the order's group. Armed triggers are kept per (symbol, group), each group's lanes sorted by exact
/// price; for a quote the service takes each group with triggers on the symbol, its half spread from the group's terms
/// (read from the store, kept for <see cref="TriggerOptions.TermsRefreshInterval"/> and read again after a REQUOTE),
/// and reads the crossed triggers off the ends of its lanes. Groups are few, so a quote costs a few range reads, and a
/// spread change is one number, not a re-sort of every trigger. The engine checks again with the terms it reads itself,
/// so a copy a moment old can at worst ask once too often (REQUOTE) or a moment late.
/// </para>
/// <para>
/// <b>Exactly once.</b> Quotes of one symbol are coalesced in one slot and handled one at a time by this one consumer;
/// a trigger that fired is disarmed (the engine tells the monitor of the committed order) before the next quote is read,
/// so a burst of crossing quotes meets it armed only once. Beyond memory, the engine's own guarantee holds: a firing's
/// idempotency key is the order's (<c>trigger:ID:fill</c>, <c>:sl</c>, <c>:tp</c>) and it commits only while the order is
/// still PENDING or open and its price still crosses, so a second firing (after a restart, from a second instance, from
/// an index behind memory) is answered as a replay and counted as <see cref="TriggerStatistics.AlreadyFired"/>, never filled
/// twice. A refusal for a stale price or a shut market leaves the trigger armed, says so once, and the next fresh
/// crossing quote fires it.
/// </para>
/// <para>
/// <b>Across a restart.</b> At start the service reads the index and every account's active orders from the store, arms
/// what the orders say, drops index entries whose order is no longer pending or open, and writes to the index what it
/// missed (a commit whose index write was lost with the process); quotes arriving meanwhile wait in their slots.
/// </para>
/// <para>
/// <b>In a cluster.</b> Only the triggers of accounts in this instance's partitions (<see cref="IPartitionOwnership"/>)
/// are armed and fired: a partition gained is loaded from the store, one lost is disarmed in memory (its index entries are
/// the new owner's and stay). Orders committed on another instance reach the owner as announcements on
/// <c>order_updates</c> and are read again from the store. While two instances briefly both own a partition, both may
/// fire a trigger; the second firing is the replay above.
/// </para>
/// </remarks>
public sealed class TriggerService(
    TriggerMonitor monitor,
    TradingEngine engine,
    ITradingStore store,
    ITriggerIndex index,
    IOptions<TriggerOptions> options,
    TimeProvider time,
    ILogger<TriggerService> logger,
    IOrderAnnouncements? remoteCommits = null,
    IOptions<ClusterOptions>? cluster = null) : ISupervisedService
{
    private const string Work = "triggers";
    private readonly Channel<PartitionChange> _partitionChanges = Channel.CreateUnbounded<PartitionChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<(AccountId Account, string OrderId)> _remoteOrders = Channel.CreateUnbounded<(AccountId, string)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeSpan? _reconcileInterval = PartitionReconcile.IntervalOf(cluster);
    private int _clusterBacklog;
    private long _reconciles;
    private long _reconciledOrders;
    private readonly TriggerOptions _options = options.Value;
    private readonly SlidingLatency _latency = new(time, options.Value.LatencyWindow);
    private readonly Dictionary<string, Quote> _lastQuotes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Symbol), (decimal? HalfSpread, long ReadAt)> _terms = [];
    private readonly HashSet<(string Group, string Symbol)> _termsMissingSaid = [];
    private readonly ConcurrentDictionary<TriggerId, byte> _waiting = new();
    private readonly ConcurrentDictionary<TriggerId, byte> _refusedSaid = new();
    private readonly Queue<TriggerFiring> _firings = new();
    private readonly long[] _fired = new long[3];
    private long _alreadyFired;
    private long _staleRefusals;
    private long _requotes;
    private long _otherRefusals;
    private long _dropped;
    private long _indexWrites;
    private long _indexFailures;
    private long _firingFailures;
    private int _busy;
    private int _running;
    private int _state = (int)TriggerServiceState.NotStarted;

    public string Name => "triggers";

    public string DisplayName => "Trigger service";

    public TriggerServiceState State => (TriggerServiceState)Volatile.Read(ref _state);

    /// <summary>Partition reconciles run (leased cluster only).</summary>
    public long Reconciles => Interlocked.Read(ref _reconciles);

    /// <summary>Orders the partition reconciles found armed otherwise than the store says (a commit not heard here).</summary>
    public long ReconciledOrders => Interlocked.Read(ref _reconciledOrders);

    /// <summary>True when running with nothing waiting, being fired or waiting to be written to the index.</summary>
    public bool IsIdle =>
        State == TriggerServiceState.Running && Volatile.Read(ref _busy) == 0 && Volatile.Read(ref _clusterBacklog) == 0 && monitor.NothingReady && monitor.IndexBacklog == 0;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            throw new InvalidOperationException("The trigger service is already running.");
        }

        var ownership = monitor.Ownership;
        ownership.Changed += OnPartitionsChanged;
        IAsyncDisposable? remote = null;
        try
        {
            Volatile.Write(ref _state, (int)TriggerServiceState.Loading);

            // Subscribed before the load reads the store, so a commit made elsewhere meanwhile is read again after it.
            if (remoteCommits is not null)
            {
                remote = await remoteCommits.SubscribeAsync(OnAnnounced, stoppingToken).ConfigureAwait(false);
            }

            await LoadAsync(stoppingToken).ConfigureAwait(false);
            Volatile.Write(ref _state, (int)TriggerServiceState.Running);

            // Any loop failing ends the others, so the supervisor sees the fault and restarts the service.
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAll(
                Loop(FireLoopAsync, failed),
                Loop(IndexLoopAsync, failed),
                Loop(PartitionLoopAsync, failed),
                Loop(RemoteOrderLoopAsync, failed),
                Loop(ReconcileLoopAsync, failed)).ConfigureAwait(false);
            Volatile.Write(ref _state, (int)TriggerServiceState.Stopped);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Volatile.Write(ref _state, (int)TriggerServiceState.Stopped);
        }
        catch
        {
            Volatile.Write(ref _state, (int)TriggerServiceState.Faulted);
            throw;
        }
        finally
        {
            ownership.Changed -= OnPartitionsChanged;
            if (remote is not null)
            {
                await remote.DisposeAsync().ConfigureAwait(false);
            }

            Volatile.Write(ref _running, 0);
        }
    }

    public TriggerStatistics GetStatistics()
    {
        List<TriggerFiring> firings;
        lock (_firings)
        {
            firings = [.. _firings.Reverse()];
        }

        var book = monitor.Book;
        return new TriggerStatistics
        {
            State = State,
            ArmedPending = book.Armed(TriggerKind.Pending),
            ArmedStopLoss = book.Armed(TriggerKind.StopLoss),
            ArmedTakeProfit = book.Armed(TriggerKind.TakeProfit),
            FiredPending = Interlocked.Read(ref _fired[(int)TriggerKind.Pending]),
            FiredStopLoss = Interlocked.Read(ref _fired[(int)TriggerKind.StopLoss]),
            FiredTakeProfit = Interlocked.Read(ref _fired[(int)TriggerKind.TakeProfit]),
            AlreadyFired = Interlocked.Read(ref _alreadyFired),
            WaitingOnStale = _waiting.Keys.Count(id => book.Get(id) is not null),
            StaleRefusals = Interlocked.Read(ref _staleRefusals),
            Requotes = Interlocked.Read(ref _requotes),
            OtherRefusals = Interlocked.Read(ref _otherRefusals),
            Dropped = Interlocked.Read(ref _dropped),
            IndexWrites = Interlocked.Read(ref _indexWrites),
            IndexFailures = Interlocked.Read(ref _indexFailures),
            IndexBacklog = monitor.IndexBacklog,
            FiringFailures = Interlocked.Read(ref _firingFailures),
            QuotesOffered = monitor.QuotesOffered,
            QuotesCoalesced = monitor.QuotesCoalesced,
            Latency = _latency.Summarize(),
            LastFirings = firings,
        };
    }

    private static async Task Loop(Func<CancellationToken, Task> loop, CancellationTokenSource failed)
    {
        try
        {
            await loop(failed.Token).ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (armed, accounts, indexed, dropped, restored) = await LoadAccountsAsync(monitor.Ownership.Owns, cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            TriggerLog.Loaded(logger, armed, accounts, indexed, dropped, restored);
        }
    }

    /// <summary>
    /// Arms the active orders of the accounts <paramref name="include"/> takes (those the store lists and those the index
    /// names), and writes to the index only where it differs from them; entries of other accounts are left alone.
    /// </summary>
    private async Task<(int Armed, int Accounts, int Indexed, int Dropped, int Restored)> LoadAccountsAsync(Func<AccountId, bool> include, CancellationToken cancellationToken)
    {
        var indexed = (await index.LoadAllAsync(cancellationToken).ConfigureAwait(false)).Where(t => include(t.Account)).ToList();
        var accounts = new HashSet<AccountId>((await store.ListAccountsAsync(cancellationToken).ConfigureAwait(false)).Where(include));
        accounts.UnionWith(indexed.Select(t => t.Account));
        var changed = new List<TriggerId>();
        foreach (var account in accounts)
        {
            if (await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                continue;
            }

            foreach (var order in state.ActiveOrders)
            {
                monitor.Book.Apply(order, changed);
            }
        }

        // Only the difference between the store's orders and the index is written.
        var armed = monitor.Book.All().Where(t => accounts.Contains(t.Account)).ToDictionary(t => t.Id);
        var dropped = 0;
        foreach (var entry in indexed)
        {
            if (!armed.TryGetValue(entry.Id, out var truth) || truth != entry)
            {
                dropped += truth is null ? 1 : 0;
                monitor.QueueIndexWrite(entry.Id);
            }
        }

        var indexedIds = indexed.Select(t => t.Id).ToHashSet();
        var restored = 0;
        foreach (var id in armed.Keys.Where(id => !indexedIds.Contains(id)))
        {
            restored++;
            monitor.QueueIndexWrite(id);
        }

        Interlocked.Add(ref _dropped, dropped);
        return (armed.Count, accounts.Count, indexed.Count, dropped, restored);
    }

    private void OnPartitionsChanged(PartitionChange change)
    {
        Interlocked.Increment(ref _clusterBacklog);
        if (!_partitionChanges.Writer.TryWrite(change))
        {
            Interlocked.Decrement(ref _clusterBacklog);
        }
    }

    private void OnAnnounced(OrderAnnouncement announcement)
    {
        if (!monitor.Ownership.Owns(announcement.Account))
        {
            return;
        }

        Interlocked.Increment(ref _clusterBacklog);
        if (!_remoteOrders.Writer.TryWrite((announcement.Account, announcement.OrderId)))
        {
            Interlocked.Decrement(ref _clusterBacklog);
        }
    }

    /// <summary>Disarms what is no longer owned and loads what was gained, one change at a time; a failed load is tried again.</summary>
    private async Task PartitionLoopAsync(CancellationToken cancellationToken)
    {
        var ownership = monitor.Ownership;
        while (await _partitionChanges.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_partitionChanges.Reader.TryRead(out var change))
            {
                try
                {
                    if (change.Lost.Count > 0)
                    {
                        var lost = string.Join(',', change.Lost.Order());
                        var accounts = monitor.Book.All().Select(t => t.Account).Where(a => !ownership.Owns(a)).Distinct().Count();
                        var disarmed = monitor.Book.DropAccounts(a => !ownership.Owns(a));
                        ClusterTradingLog.PartitionDropped(logger, Work, lost, accounts, disarmed);
                    }

                    if (change.Gained.Count > 0)
                    {
                        await LoadGainedAsync(change.Gained, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _clusterBacklog);
                }
            }
        }
    }

    private async Task LoadGainedAsync(IReadOnlyList<int> partitions, CancellationToken cancellationToken)
    {
        var ownership = monitor.Ownership;
        var gained = partitions.ToHashSet();
        var text = string.Join(',', gained.Order());
        while (true)
        {
            try
            {
                var (armed, accounts, _, _, _) = await LoadAccountsAsync(
                    a => gained.Contains(PartitionMap.Of(a, ownership.Partitions)) && ownership.Owns(a), cancellationToken).ConfigureAwait(false);

                // A trigger armed now may be crossed by the last quote already.
                foreach (var symbol in monitor.Book.All().Where(t => gained.Contains(PartitionMap.Of(t.Account, ownership.Partitions))).Select(t => t.Symbol).Distinct(StringComparer.Ordinal))
                {
                    monitor.Recheck(symbol);
                }

                ClusterTradingLog.PartitionLoaded(logger, Work, text, accounts, armed);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                ClusterTradingLog.PartitionLoadFailed(logger, Work, text, ex.Message, _options.RetryDelay.TotalSeconds);
                await Task.Delay(_options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads again each order committed elsewhere on an owned account, and arms what it says (the path a refused firing takes).</summary>
    private async Task RemoteOrderLoopAsync(CancellationToken cancellationToken)
    {
        while (await _remoteOrders.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_remoteOrders.Reader.TryRead(out var item))
            {
                try
                {
                    await ReadAgainAsync(item.Account, item.OrderId, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _clusterBacklog);
                }
            }
        }
    }

    private async Task ReadAgainAsync(AccountId account, string orderId, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (await store.ReadOrderAsync(account, orderId, cancellationToken).ConfigureAwait(false) is { } order && monitor.Ownership.Owns(account))
                {
                    monitor.Apply(order);
                }

                return;
            }
            catch (TradingStoreException ex)
            {
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    ClusterTradingLog.RemoteOrderReadFailed(logger, orderId, account.ToString(), ex.Message, _options.RetryDelay.TotalMilliseconds);
                }

                await Task.Delay(_options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Every reconcile interval (leased cluster), reads the owned accounts' orders again and arms or disarms what memory
    /// has otherwise: an order committed elsewhere whose announcement was lost (its instance died after the commit).
    /// </summary>
    private async Task ReconcileLoopAsync(CancellationToken cancellationToken)
    {
        if (_reconcileInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await ReconcileAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                ClusterTradingLog.PartitionReconcileFailed(logger, Work, ex.Message, interval.TotalSeconds);
            }
        }
    }

    /// <summary>Reads every owned account's active orders and applies each; an armed order the store no longer holds active is read and applied (or forgotten).</summary>
    /// <returns>How many orders memory had otherwise than the store.</returns>
    internal async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var ownership = monitor.Ownership;
        var accounts = (await store.ListAccountsAsync(cancellationToken).ConfigureAwait(false)).Where(ownership.Owns).ToList();
        var armedBy = monitor.Book.All().Where(t => ownership.Owns(t.Account)).GroupBy(t => t.Account).ToDictionary(g => g.Key, g => g.Select(t => t.OrderId).ToHashSet(StringComparer.Ordinal));
        var changed = 0;
        foreach (var account in accounts.Union(armedBy.Keys))
        {
            var state = await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false);
            var active = new HashSet<string>(StringComparer.Ordinal);
            foreach (var order in state?.ActiveOrders ?? [])
            {
                active.Add(order.Id);
                changed += monitor.Apply(order) > 0 ? 1 : 0;
            }

            foreach (var orderId in armedBy.GetValueOrDefault(account)?.Where(id => !active.Contains(id)) ?? [])
            {
                var ended = await store.ReadOrderAsync(account, orderId, cancellationToken).ConfigureAwait(false);
                changed += (ended is null ? monitor.Forget(orderId) : monitor.Apply(ended)) > 0 ? 1 : 0;
            }
        }

        Interlocked.Increment(ref _reconciles);
        Interlocked.Add(ref _reconciledOrders, changed);
        if (changed > 0)
        {
            ClusterTradingLog.PartitionReconciled(logger, Work, changed, accounts.Count, "armed or disarmed");
        }

        return changed;
    }

    private Task FireLoopAsync(CancellationToken cancellationToken) => DrainAsync(monitor.Ready, monitor.WorkTaken, HandleAsync, cancellationToken);

    private Task IndexLoopAsync(CancellationToken cancellationToken) => DrainAsync(monitor.IndexChanges, monitor.IndexWriteTaken, WriteIndexAsync, cancellationToken);

    /// <summary>Handles the items of one queue one at a time, counted busy before each leaves the backlog so <see cref="IsIdle"/> never sees neither.</summary>
    private async Task DrainAsync<T>(ChannelReader<T> queue, Action taken, Func<T, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        while (await queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Quotes keep coming while the feeds stop, and handling one need not await: stop between items (none is taken
            // and left unhandled), not only when the queue runs dry.
            while (!cancellationToken.IsCancellationRequested && queue.TryRead(out var item))
            {
                Interlocked.Increment(ref _busy);
                taken();
                try
                {
                    await handle(item, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _busy);
                }
            }
        }
    }

    private async Task HandleAsync(TriggerWork work, CancellationToken cancellationToken)
    {
        Quote? quote;
        if (work.Slot is not { } slot)
        {
            if (!_lastQuotes.TryGetValue(work.Symbol, out quote))
            {
                return;
            }

            slot = null;
        }
        else if ((quote = slot.Take()) is null)
        {
            return;
        }

        Exception? failure = null;
        try
        {
            await EvaluateAsync(quote, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure = ex;
        }
        finally
        {
            if (failure is null && slot is not null && (cancellationToken.IsCancellationRequested ? slot.Release(quote) : slot.Complete(quote, accepted: true, null, out _)))
            {
                monitor.Requeue(slot);
            }
        }

        if (failure is not null)
        {
            // The store failed: the quote is tried again after a pause (or a newer one instead), never lost.
            Interlocked.Increment(ref _firingFailures);
            if (logger.IsEnabled(LogLevel.Error))
            {
                TriggerLog.FiringFailed(logger, quote.Symbol, _options.RetryDelay.TotalMilliseconds, failure.Message);
            }

            try
            {
                await Task.Delay(_options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (slot is null)
                {
                    monitor.Recheck(quote.Symbol);
                }
                else if (slot.Release(quote))
                {
                    monitor.Requeue(slot);
                }
            }
        }
    }

    private async Task EvaluateAsync(Quote quote, CancellationToken cancellationToken)
    {
        var symbol = quote.Symbol;
        if (!_lastQuotes.TryGetValue(symbol, out var last) || quote.Version > last.Version)
        {
            _lastQuotes[symbol] = quote;
        }

        var groups = monitor.Book.GroupsOf(symbol);
        if (groups.Count == 0)
        {
            return;
        }

        var crossed = new List<Trigger>();
        foreach (var group in groups)
        {
            if (await HalfSpreadAsync(group, symbol, cancellationToken).ConfigureAwait(false) is { } halfSpread)
            {
                monitor.Book.Crossed(symbol, group, quote.Bid, quote.Ask, halfSpread, crossed);
            }
        }

        foreach (var trigger in crossed)
        {
            await FireAsync(trigger, quote, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FireAsync(Trigger trigger, Quote quote, CancellationToken cancellationToken)
    {
        // Crossed just before its partition was lost: the new owner fires it.
        if (!monitor.Ownership.Owns(trigger.Account))
        {
            return;
        }

        var outcome = trigger.Kind == TriggerKind.Pending
            ? await engine.FillPendingAsync(trigger.Account, trigger.OrderId, cancellationToken).ConfigureAwait(false)
            : await engine.FireStopAsync(trigger.Account, trigger.OrderId, trigger.Kind == TriggerKind.StopLoss ? OrderStatus.StopLoss : OrderStatus.TakeProfit, cancellationToken).ConfigureAwait(false);
        if (outcome.Accepted)
        {
            Fired(trigger, quote, outcome);
            return;
        }

        switch (outcome.Refusal)
        {
            case RefusalReason.StalePrice or RefusalReason.MarketClosed:
                Interlocked.Increment(ref _staleRefusals);
                if (_waiting.TryAdd(trigger.Id, 0) && logger.IsEnabled(LogLevel.Warning))
                {
                    var kind = TriggerWire.Of(trigger.Kind);
                    var account = trigger.Account.ToString();
                    var reason = TradingWire.Of(outcome.Refusal.Value);
                    TriggerLog.Waiting(logger, kind, trigger.OrderId, account, trigger.Price, trigger.Symbol, reason, outcome.Detail ?? string.Empty);
                }

                break;
            case RefusalReason.Requote:
                // The engine's newer price no longer crosses, or this copy of the order or of its group's spread is behind.
                Interlocked.Increment(ref _requotes);
                _terms.Remove((trigger.Group, trigger.Symbol));
                await RefreshAsync(trigger, cancellationToken).ConfigureAwait(false);
                break;
            case RefusalReason.InvalidState or RefusalReason.OrderNotFound or RefusalReason.UnknownAccount:
                await RefreshAsync(trigger, cancellationToken).ConfigureAwait(false);
                break;
            default:
                Interlocked.Increment(ref _otherRefusals);
                if (_refusedSaid.TryAdd(trigger.Id, 0) && logger.IsEnabled(LogLevel.Warning))
                {
                    var kind = TriggerWire.Of(trigger.Kind);
                    var account = trigger.Account.ToString();
                    var reason = outcome.Refusal is { } r ? TradingWire.Of(r) : "none";
                    TriggerLog.Refused(logger, kind, trigger.OrderId, account, trigger.Price, trigger.Symbol, reason, outcome.Detail ?? string.Empty);
                }

                if (outcome.Refusal == RefusalReason.Busy)
                {
                    monitor.Recheck(trigger.Symbol);
                }

                break;
        }
    }

    private void Fired(Trigger trigger, Quote quote, OrderOutcome outcome)
    {
        _waiting.TryRemove(trigger.Id, out _);
        _refusedSaid.TryRemove(trigger.Id, out _);

        // The engine told the monitor already when it has it as an observer; the order as committed is applied again, harmlessly.
        if (outcome.Order is { } order)
        {
            monitor.Apply(order);
        }
        else
        {
            monitor.Forget(trigger.OrderId);
        }

        if (outcome.Repeated)
        {
            Interlocked.Increment(ref _alreadyFired);
            return;
        }

        var committedAt = time.GetUtcNow();
        var latency = committedAt - quote.ReceivedAt;
        _latency.Record(Math.Max(0L, (long)latency.TotalMicroseconds));
        Interlocked.Increment(ref _fired[(int)trigger.Kind]);
        var filled = outcome.Order;
        var lineage = trigger.Kind == TriggerKind.Pending ? filled?.OpenQuote : filled?.CloseQuote;
        var executed = trigger.Kind == TriggerKind.Pending ? filled?.OpenPrice : filled?.ClosePrice;
        var firing = new TriggerFiring(
            trigger.OrderId, trigger.Account.ToString(), trigger.Symbol, trigger.Group, trigger.Kind, trigger.Price, executed, quote.BookSequence, lineage, latency.TotalMilliseconds, committedAt);
        lock (_firings)
        {
            _firings.Enqueue(firing);
            while (_firings.Count > _options.LastFiringsKept)
            {
                _firings.Dequeue();
            }
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            var status = filled is null ? "-" : TradingWire.Of(filled.Status);
            var kind = TriggerWire.Of(trigger.Kind);
            var feed = lineage?.Feed ?? "-";
            TriggerLog.Fired(
                logger, kind, trigger.OrderId, firing.Account, trigger.Price, trigger.Symbol, status, executed, lineage?.BookSequence ?? 0, feed, firing.LatencyMs);
        }
    }

    /// <summary>Reads the order again from the store and arms what it says; a trigger it no longer has is dropped.</summary>
    private async Task RefreshAsync(Trigger trigger, CancellationToken cancellationToken)
    {
        var order = await store.ReadOrderAsync(trigger.Account, trigger.OrderId, cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            monitor.Forget(trigger.OrderId);
        }
        else
        {
            monitor.Apply(order);
        }

        if (monitor.Book.Get(trigger.Id) is null)
        {
            Interlocked.Increment(ref _dropped);
            _waiting.TryRemove(trigger.Id, out _);
            _refusedSaid.TryRemove(trigger.Id, out _);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var kind = TriggerWire.Of(trigger.Kind);
                var account = trigger.Account.ToString();
                var status = order is null ? "gone" : TradingWire.Of(order.Status);
                TriggerLog.Dropped(logger, kind, trigger.OrderId, account, status);
            }
        }
    }

    /// <summary>The half spread of a group on a symbol, from the store's terms read at most <see cref="TriggerOptions.TermsRefreshInterval"/> ago; null when the group has none.</summary>
    private async Task<decimal?> HalfSpreadAsync(string group, string symbol, CancellationToken cancellationToken)
    {
        var key = (group, symbol);
        if (_terms.TryGetValue(key, out var known) && time.GetElapsedTime(known.ReadAt) < _options.TermsRefreshInterval)
        {
            return known.HalfSpread;
        }

        var terms = await store.ReadTermsAsync(group, symbol, cancellationToken).ConfigureAwait(false);
        _terms[key] = (terms?.HalfSpread, time.GetTimestamp());
        if (terms is null)
        {
            if (_termsMissingSaid.Add(key) && logger.IsEnabled(LogLevel.Warning))
            {
                TriggerLog.NoTerms(logger, group, symbol);
            }
        }
        else
        {
            _termsMissingSaid.Remove(key);
        }

        return terms?.HalfSpread;
    }

    /// <summary>Writes one trigger to the index as memory holds it now, so writes that raced or repeat still end as memory is.</summary>
    private async Task WriteIndexAsync(TriggerId id, CancellationToken cancellationToken)
    {
        var written = false;
        try
        {
            if (monitor.Book.Get(id) is { } armed)
            {
                await index.ArmAsync(armed, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await index.DisarmAsync(id, cancellationToken).ConfigureAwait(false);
            }

            written = true;
            Interlocked.Increment(ref _indexWrites);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _indexFailures);
            if (logger.IsEnabled(LogLevel.Warning))
            {
                var trigger = id.ToString();
                TriggerLog.IndexWriteFailed(logger, trigger, _options.RetryDelay.TotalMilliseconds, ex.Message);
            }
        }
        finally
        {
            if (!written)
            {
                monitor.QueueIndexWrite(id);
            }
        }

        if (!written)
        {
            await Task.Delay(_options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
