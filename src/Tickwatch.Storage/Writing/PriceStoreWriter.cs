using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Writing;

/// <summary>Writes the price book's quotes to the store: latest per symbol, batched and pipelined, newer wins, and announces only what was written.</summary>
/// <remarks>
/// <para>
/// <see cref="OnQuote"/> is what the price book calls, from any feed thread: it never blocks and never does I/O.
/// It keeps only the newest pending quote of each symbol (by <see cref="Quote.Version"/>, in a <see cref="CoalescingQuoteSlot"/>)
/// and puts the symbol in a ready queue. <see cref="RunAsync"/> takes the queue in batches, up to <see cref="PriceStoreWriterOptions.MaxConcurrentBatches"/>
/// in flight at once, writes each batch through <see cref="IPriceStore"/>, publishes the prices the store says it
/// wrote, and then lets the symbols be written again: a symbol has at most one write in flight.
/// </para>
/// <para>
/// A store that announces its own writes (<see cref="IAnnouncingPriceStore"/>, the Redis store: its write script
/// publishes what it wrote) is asked to, and the announcer is then not used; otherwise the prices the
/// store says it wrote are handed to the <see cref="IPriceAnnouncer"/> once their batch is written.
/// </para>
/// <para>
/// A failed write is retried after a backoff, unless a newer quote of its symbol arrived meanwhile, which is written
/// instead: an older quote is never written after a newer one was offered (<see cref="PriceWriteRetryQueue"/>). The host supervises
/// <see cref="RunAsync"/> (it may run it again after it ends); quotes offered while it is not running wait, one per symbol.
/// Its counters and statistics are kept by <see cref="PriceStoreWriterCounters"/>; an <see cref="IPriceWriteObserver"/>, when
/// given, is told of every answered write and every announcement.
/// </para>
/// </remarks>
public sealed class PriceStoreWriter : IQuoteListener
{
    private readonly IPriceStore _store;
    private readonly IAnnouncingPriceStore? _announcingStore;
    private readonly IPriceAnnouncer _announcer;
    private readonly TimeProvider _time;
    private readonly PriceStoreWriterOptions _options;
    private readonly ILogger _logger;
    private readonly PriceStoreWriterCounters _counters;
    private readonly PriceWriteRetryQueue _retries;
    private readonly IPriceWriteObserver? _observer;
    private readonly IPriceWriteFence _fence;
    private readonly FencedWriteLog _fencedLog;
    private readonly ConcurrentDictionary<string, CoalescingQuoteSlot> _slots = new(StringComparer.Ordinal);
    private readonly Func<string, CoalescingQuoteSlot> _newSlot = static symbol => new CoalescingQuoteSlot(symbol);
    private readonly Channel<CoalescingQuoteSlot> _ready = Channel.CreateUnbounded<CoalescingQuoteSlot>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private int _running;
    private int _state = (int)PriceStoreWriterState.NotStarted;

    public PriceStoreWriter(
        IPriceStore store,
        IPriceAnnouncer announcer,
        TimeProvider time,
        IOptions<PriceStoreWriterOptions>? options = null,
        StoreErrorLog? errors = null,
        ILogger<PriceStoreWriter>? logger = null,
        IPriceWriteObserver? observer = null,
        IPriceWriteFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(announcer);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _announcingStore = store as IAnnouncingPriceStore;
        _announcer = announcer;
        _time = time;
        _options = options?.Value ?? new PriceStoreWriterOptions();
        _logger = logger ?? NullLogger<PriceStoreWriter>.Instance;
        _counters = new PriceStoreWriterCounters(time, _options, errors ?? new StoreErrorLog());
        _retries = new PriceWriteRetryQueue(time, _options, _counters, _logger, Enqueue);
        _observer = observer;
        _fence = fence ?? NoPriceWriteFence.Instance;
        _fencedLog = new FencedWriteLog(time, _logger);
    }

    public PriceStoreWriterState State => (PriceStoreWriterState)Volatile.Read(ref _state);

    public StoreKind StoreKind => _store.Kind;

    /// <summary>The store's recent errors (writes, publishes and, for Redis, the connection), oldest first.</summary>
    public IReadOnlyList<StoreError> RecentErrors => _counters.RecentErrors;

    /// <summary>True when nothing is pending, queued, in flight or awaiting a retry.</summary>
    public bool IsIdle => _counters.NoneQueuedOrInFlight && _retries.AwaitingRetry == 0 && !_slots.Values.Any(s => s.HasPending);

    /// <summary>Told of each quote the price book accepts; non-blocking, safe from any number of threads.</summary>
    public void OnQuote(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);

        // A warm-up quote came from the store: writing it back would only age the stored price's ts.
        if (quote.IsWarmup)
        {
            _counters.CountWarmupIgnored();
            return;
        }

        // A replicated quote is another instance's stored price: it is in the store already.
        if (quote.IsReplicated)
        {
            _counters.CountReplicatedIgnored();
            return;
        }

        if (!_fence.TryGetToken(quote.Feed, out _))
        {
            _counters.CountNotHeldIgnored(1);
            return;
        }

        _counters.CountOffered();
        var slot = _slots.GetOrAdd(quote.Symbol, _newSlot);
        if (slot.Offer(quote) == QuoteOfferOutcome.Enqueue)
        {
            Enqueue(slot);
        }
    }

    /// <summary>The version of the last price this writer got written for <paramref name="symbol"/>, if any.</summary>
    public PriceVersion? LastWrittenVersion(string symbol) =>
        _slots.TryGetValue(symbol, out var slot) ? slot.LastAccepted : null;

    /// <summary>Writes until <paramref name="cancellationToken"/> is cancelled; batches in flight then finish, and pending quotes wait for the next run.</summary>
    /// <exception cref="InvalidOperationException">The writer is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            throw new InvalidOperationException("The store writer is already running.");
        }

        try
        {
            Volatile.Write(ref _state, (int)PriceStoreWriterState.Running);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var store = StoreKindNames.Of(_store.Kind);
                RedisStoreLog.WriterStarted(_logger, store, _options.MaxConcurrentBatches, _options.MaxBatchSize);
            }

            using var stopping = cancellationToken.Register(() => Interlocked.CompareExchange(ref _state, (int)PriceStoreWriterState.Stopping, (int)PriceStoreWriterState.Running));
            Task[] loops = [DispatchAsync(cancellationToken), _retries.RunAsync(cancellationToken)];
            try
            {
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Normal stop.
            }

            _retries.ReleaseAll();
            Volatile.Write(ref _state, (int)PriceStoreWriterState.Stopped);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var pending = _slots.Values.Count(s => s.HasPending);
                RedisStoreLog.WriterStopped(_logger, _counters.Written, pending);
            }
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _state, (int)PriceStoreWriterState.Faulted);
            _counters.RecordError("writer", ex.Message, 1);
            throw;
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Writes refused by the fence of each feed since the start (another instance took the feed over); only feeds with a refusal.</summary>
    public IReadOnlyDictionary<string, long> RefusedFencedByFeed() => _counters.RefusedFencedByFeed;

    public PriceStoreWriterStatistics GetStatistics()
    {
        long coalesced = 0;
        var pending = 0;
        foreach (var slot in _slots.Values)
        {
            coalesced += slot.Conflations;
            pending += slot.HasPending ? 1 : 0;
        }

        return _counters.Snapshot(State, StoreKindNames.Of(_store.Kind), coalesced, pending, _slots.Count, _retries);
    }

    /// <summary>Forgets the latency samples so far (for a measurement that starts a new phase); counters are kept.</summary>
    public void ResetLatency() => _counters.ResetLatency();

    // A version from the future in the store froze its symbol there until this write replaced it: said and counted.
    private void ReplacedFutureVersion(Quote quote, PriceVersion future, DateTimeOffset now)
    {
        _counters.CountFutureVersionReplaced();
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            PoisonedPriceLog.Replaced(_logger, quote.Symbol, future.ToString(), PoisonedPriceLog.LeadSeconds(future.TimestampMicros, now), quote.Version.ToString());
        }
    }

    private void Enqueue(CoalescingQuoteSlot slot)
    {
        _counters.CountQueued();
        _ready.Writer.TryWrite(slot);
    }

    // One loop takes batches off the ready queue and starts them, at most MaxConcurrentBatches in flight. A single
    // waiter: a burst of offers wakes one thread, not every idle worker; and while the limit is reached the queue
    // fills, so the next batch carries everything that arrived meanwhile.
    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>(_options.MaxConcurrentBatches);
        await Task.Yield();
        try
        {
            while (await _ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (inFlight.Count >= _options.MaxConcurrentBatches)
                {
                    await Task.WhenAny(inFlight).ConfigureAwait(false);
                }

                for (var i = inFlight.Count - 1; i >= 0; i--)
                {
                    if (inFlight[i].IsCompleted)
                    {
                        // A batch never throws unless the writer itself is broken; that ends the run.
                        await inFlight[i].ConfigureAwait(false);
                        inFlight.RemoveAt(i);
                    }
                }

                if (TakeBatch() is { } batch)
                {
                    inFlight.Add(WriteBatchAsync(batch.Slots, batch.Quotes));
                }
            }
        }
        finally
        {
            // Even when stopping: an abandoned batch would leave its symbols in flight for ever.
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
    }

    /// <summary>Takes up to <see cref="PriceStoreWriterOptions.MaxBatchSize"/> symbols off the ready queue with their pending quotes; null when none had one.</summary>
    private (List<CoalescingQuoteSlot> Slots, List<Quote> Quotes)? TakeBatch()
    {
        var capacity = Math.Clamp(_ready.Reader.Count, 1, _options.MaxBatchSize);
        var slots = new List<CoalescingQuoteSlot>(capacity);
        var quotes = new List<Quote>(capacity);
        while (slots.Count < _options.MaxBatchSize && _ready.Reader.TryRead(out var slot))
        {
            _counters.CountTakenOffQueue();
            if (slot.Take() is { } quote)
            {
                slots.Add(slot);
                quotes.Add(quote);
            }
            else
            {
                _counters.CountNothingTaken();
            }
        }

        return slots.Count > 0 ? (slots, quotes) : null;
    }

    // Runs to the end even when the writer is stopping: the store's own timeouts bound it, and an abandoned
    // write would leave its symbol in flight for ever.
    private async Task WriteBatchAsync(List<CoalescingQuoteSlot> slots, List<Quote> quotes)
    {
        var count = slots.Count;
        var prices = new StoredPrice[count];
        List<int>? notHeld = null;
        for (var i = 0; i < count; i++)
        {
            prices[i] = StoredPrice.FromQuote(quotes[i]);

            // The token is read at the write, not the offer: a lease lost meanwhile must not lend its token.
            if (!_fence.TryGetToken(quotes[i].Feed, out var token))
            {
                (notHeld ??= []).Add(i);
            }
            else if (token > 0)
            {
                prices[i] = prices[i] with { FenceToken = token };
            }
        }

        // Counted in flight by TakeBatch already; prices of feeds not held are not sent.
        _counters.CountBatchSent(count - (notHeld?.Count ?? 0));
        var started = _time.GetTimestamp();
        IReadOnlyList<PriceWriteResult> results;
        try
        {
            results = notHeld is null
                ? await SendAsync(prices).ConfigureAwait(false)
                : await SendHeldAsync(prices, notHeld).ConfigureAwait(false);
            if (results.Count != count)
            {
                throw new InvalidOperationException($"The store answered {results.Count} results for {count} prices.");
            }
        }
        // The store promises Failed results, not exceptions; anything else is treated as a failed batch.
        catch (Exception ex)
        {
            var failedAll = new PriceWriteResult[count];
            for (var i = 0; i < count; i++)
            {
                failedAll[i] = PriceWriteResult.Failed(prices[i], ex);
            }

            results = failedAll;
        }

        var acknowledged = _time.GetTimestamp();
        var acknowledgedAt = _time.GetUtcNow();
        _counters.RecordRoundTrip(started, acknowledged);
        int written = 0, refused = 0, failed = 0, fenced = 0, notHeldCount = 0;
        Exception? firstError = null;
        for (var i = 0; i < count; i++)
        {
            switch (results[i].Outcome)
            {
                case PriceWriteOutcome.Written:
                    written++;
                    _counters.RecordTickToStore(acknowledged, acknowledgedAt, quotes[i].ReceivedAt);
                    if (results[i].ReplacedFutureVersion is { } future)
                    {
                        ReplacedFutureVersion(quotes[i], future, acknowledgedAt);
                    }

                    break;
                case PriceWriteOutcome.RefusedOlder:
                    refused++;
                    break;
                case PriceWriteOutcome.RefusedFenced when results[i].Fence is > 0 and var fence:
                    fenced++;
                    _counters.CountRefusedFenced(quotes[i].Feed);
                    _fence.Refused(quotes[i].Feed, fence);
                    _fencedLog.Refused(quotes[i].Feed, quotes[i].Symbol, prices[i].FenceToken ?? 0, fence);
                    break;
                case PriceWriteOutcome.RefusedFenced:
                    notHeldCount++;
                    break;
                default:
                    failed++;
                    firstError ??= results[i].Error;
                    break;
            }
        }

        _counters.CountResults(written, refused, failed, acknowledged, acknowledgedAt);
        if (fenced > 0)
        {
            _counters.CountRefusedFenced(fenced);
        }

        if (notHeldCount > 0)
        {
            _counters.CountNotHeldIgnored(notHeldCount);
        }

        if (_observer is not null)
        {
            ObserveWrites(_observer, results, acknowledgedAt);
        }

        if (written > 0)
        {
            if (_announcingStore is null)
            {
                var summary = await PublishAsync(results, written).ConfigureAwait(false);
                if (_observer is not null)
                {
                    var outcome = summary.Failed == 0 ? AnnouncementOutcome.Published
                        : summary.Published == 0 ? AnnouncementOutcome.Failed
                        : AnnouncementOutcome.Uncertain;
                    ObserveAnnouncements(_observer, results, outcome, _time.GetUtcNow());
                }
            }
            else if (_announcingStore.Announces)
            {
                _counters.CountPublished(written);
                if (_observer is not null)
                {
                    ObserveAnnouncements(_observer, results, AnnouncementOutcome.Published, acknowledgedAt);
                }
            }
        }

        // Only now may the symbols be written again: a symbol's announcements keep the order of its writes.
        List<(CoalescingQuoteSlot Slot, Quote Quote)>? retry = null;
        for (var i = 0; i < count; i++)
        {
            var result = results[i];
            if (result.Outcome == PriceWriteOutcome.Failed)
            {
                (retry ??= []).Add((slots[i], quotes[i]));
                continue;
            }

            if (slots[i].Complete(quotes[i], result.IsWritten, result.StoredVersion, out _))
            {
                Enqueue(slots[i]);
            }
        }

        if (retry is not null)
        {
            _retries.Schedule(retry, firstError!);
        }
        else
        {
            _retries.Recovered();
        }

        _counters.CountBatchDone(count);
    }

    private Task<IReadOnlyList<PriceWriteResult>> SendAsync(IReadOnlyList<StoredPrice> prices) =>
        _announcingStore is { } announcing
            ? announcing.WriteAndAnnounceAsync(prices, CancellationToken.None)
            : _store.WriteAsync(prices, CancellationToken.None);

    // Prices of feeds no longer held are not sent: they come back refused by the fence (0: this instance's own), unwritten.
    private async Task<IReadOnlyList<PriceWriteResult>> SendHeldAsync(StoredPrice[] prices, List<int> notHeld)
    {
        var results = new PriceWriteResult[prices.Length];
        var send = new List<int>(prices.Length - notHeld.Count);
        var skip = new HashSet<int>(notHeld);
        for (var i = 0; i < prices.Length; i++)
        {
            if (skip.Contains(i))
            {
                results[i] = PriceWriteResult.RefusedFenced(prices[i], 0);
            }
            else
            {
                send.Add(i);
            }
        }

        if (send.Count > 0)
        {
            var sent = await SendAsync([.. send.Select(i => prices[i])]).ConfigureAwait(false);
            if (sent.Count != send.Count)
            {
                throw new InvalidOperationException($"The store answered {sent.Count} results for {send.Count} prices.");
            }

            for (var k = 0; k < send.Count; k++)
            {
                results[send[k]] = sent[k];
            }
        }

        return results;
    }

    private void ObserveWrites(IPriceWriteObserver observer, IReadOnlyList<PriceWriteResult> results, DateTimeOffset at)
    {
        try
        {
            for (var i = 0; i < results.Count; i++)
            {
                observer.OnWriteAnswered(results[i], at);
            }
        }
        // An observer's bug must never stop a batch: the prices are written whatever it does; it is counted.
        catch (Exception ex)
        {
            _counters.RecordError("observer", ex.Message, 1);
        }
    }

    private void ObserveAnnouncements(IPriceWriteObserver observer, IReadOnlyList<PriceWriteResult> results, AnnouncementOutcome outcome, DateTimeOffset at)
    {
        try
        {
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].IsWritten)
                {
                    observer.OnAnnounced(results[i].Price, outcome, at);
                }
            }
        }
        // As for writes: counted, never allowed to stop the batch.
        catch (Exception ex)
        {
            _counters.RecordError("observer", ex.Message, 1);
        }
    }

    private async Task<PublishSummary> PublishAsync(IReadOnlyList<PriceWriteResult> results, int written)
    {
        PublishSummary summary;
        try
        {
            summary = await _announcer.PublishAsync(results, CancellationToken.None).ConfigureAwait(false);
        }
        // An announcer that throws must not stop the writer; it is counted like a failed publish.
        catch (Exception ex)
        {
            summary = new PublishSummary(0, written, ex);
        }

        _counters.CountPublished(summary.Published);
        if (summary.Failed > 0)
        {
            _counters.CountPublishFailed(summary.Failed);
            var reason = summary.FirstError?.Message ?? "unknown";
            _counters.RecordError("publish", reason, summary.Failed);
            RedisStoreLog.PublishFailed(_logger, summary.Failed, reason);
        }

        return summary;
    }
}
