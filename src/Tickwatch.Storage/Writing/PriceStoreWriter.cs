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

using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Storage.Writing;

/// <summary>Writes the price book's quotes to the store: latest per symbol, batched and pipelined, newer wins, and announces only what was written.</summary>
/// <remarks>
/// <para>
/// <see cref="OnQuote"/> is what the price book calls, from any feed thread: it never blocks and never does I/O.
/// It keeps only the newest pending quote of each symbol (by <see cref="PriceVersion"/>) and puts the symbol in a
/// ready queue. <see cref="RunAsync"/> takes the queue in batches, up to <see cref="PriceStoreWriterOptions.MaxConcurrentBatches"/>
/// in flight at once, writes each batch through <see cref="IPriceStore"/>, publishes the prices the store says it
/// wrote, and then lets the symbols be written again: a symbol has at most one write in flight.
/// </para>
/// <para>
/// A store that announces its own writes (<see cref="IAnnouncingPriceStore"/>, the Redis store: its write script
/// publishes what it wrote) is asked to, and the publisher is then not used; otherwise the prices the
/// store says it wrote are handed to the publisher once their batch is written.
/// </para>
/// <para>
/// A failed write is retried after a backoff, unless a newer quote of its symbol arrived meanwhile, which is written
/// instead: an older quote is never written after a newer one was offered. The host supervises
/// <see cref="RunAsync"/> (it may run it again after it ends); quotes offered while it is not running wait, one per symbol.
/// </para>
/// </remarks>
public sealed class PriceStoreWriter : IQuoteListener
{
    private readonly IPriceStore _store;
    private readonly IAnnouncingPriceStore? _announcingStore;
    private readonly IPriceUpdatePublisher _publisher;
    private readonly TimeProvider _time;
    private readonly PriceStoreWriterOptions _options;
    private readonly StoreErrorLog _errors;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SymbolWriteSlot> _slots = new(StringComparer.Ordinal);
    private readonly Func<string, SymbolWriteSlot> _newSlot = static symbol => new SymbolWriteSlot(symbol);
    private readonly Channel<SymbolWriteSlot> _ready = Channel.CreateUnbounded<SymbolWriteSlot>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly Channel<RetryBatch> _retries = Channel.CreateUnbounded<RetryBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly SlidingRate _writeRate;
    private readonly SlidingRate _offerRate;
    private readonly SlidingLatency _tickToStore;
    private readonly SlidingLatency _roundTrip;
    private int _running;
    private int _state = (int)PriceStoreWriterState.NotStarted;
    private long _offered;
    private long _coalesced;
    private long _warmupIgnored;
    private long _writes;
    private long _written;
    private long _refused;
    private long _failed;
    private long _retried;
    private long _batches;
    private long _publishes;
    private long _publishFailed;
    private long _inFlight;
    private long _queueDepth;
    private long _awaitingRetry;
    private int _consecutiveFailedBatches;
    private long _lastWriteTicks;
    private long _nextRetryTicks;
    private StoreError? _lastError;

    public PriceStoreWriter(
        IPriceStore store,
        IPriceUpdatePublisher publisher,
        TimeProvider time,
        IOptions<PriceStoreWriterOptions>? options = null,
        StoreErrorLog? errors = null,
        ILogger<PriceStoreWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _announcingStore = store as IAnnouncingPriceStore;
        _publisher = publisher;
        _time = time;
        _options = options?.Value ?? new PriceStoreWriterOptions();
        _errors = errors ?? new StoreErrorLog();
        _logger = logger ?? NullLogger<PriceStoreWriter>.Instance;
        _writeRate = new SlidingRate(time, _options.RateWindowSeconds);
        _offerRate = new SlidingRate(time, _options.RateWindowSeconds);
        _tickToStore = new SlidingLatency(time, _options.LatencyWindow);
        _roundTrip = new SlidingLatency(time, _options.LatencyWindow);
    }

    public PriceStoreWriterState State => (PriceStoreWriterState)Volatile.Read(ref _state);

    public StoreKind StoreKind => _store.Kind;

    /// <summary>The store's recent errors (writes, publishes and, for Redis, the connection), oldest first.</summary>
    public IReadOnlyList<StoreError> RecentErrors => _errors.Recent();

    /// <summary>True when nothing is pending, queued, in flight or awaiting a retry.</summary>
    public bool IsIdle =>
        Interlocked.Read(ref _inFlight) == 0 && Interlocked.Read(ref _queueDepth) == 0
        && Interlocked.Read(ref _awaitingRetry) == 0 && !_slots.Values.Any(s => s.HasPending);

    /// <summary>Told of each quote the price book accepts; non-blocking, safe from any number of threads.</summary>
    public void OnQuote(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);

        // A warm-up quote came from the store: writing it back would only age the stored price's ts.
        if (quote.IsWarmup)
        {
            Interlocked.Increment(ref _warmupIgnored);
            return;
        }

        Interlocked.Increment(ref _offered);
        _offerRate.Add(1);
        var slot = _slots.GetOrAdd(quote.Symbol, _newSlot);
        switch (slot.Offer(quote, quote.Version))
        {
            case OfferOutcome.Enqueue:
                Enqueue(slot);
                break;
            case OfferOutcome.Replaced:
            case OfferOutcome.Dropped:
                Interlocked.Increment(ref _coalesced);
                break;
        }
    }

    /// <summary>The version of the last price this writer got written for <paramref name="symbol"/>, if any.</summary>
    public PriceVersion? LastWrittenVersion(string symbol) =>
        _slots.TryGetValue(symbol, out var slot) ? slot.LastWritten : null;

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
            RedisStoreLog.WriterStarted(_logger, StoreKindNames.Of(_store.Kind), _options.MaxConcurrentBatches, _options.MaxBatchSize);
            using var stopping = cancellationToken.Register(() => Interlocked.CompareExchange(ref _state, (int)PriceStoreWriterState.Stopping, (int)PriceStoreWriterState.Running));
            Task[] loops = [DispatchAsync(cancellationToken), RetryAsync(cancellationToken)];
            try
            {
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Normal stop.
            }

            ReleaseAllRetries();
            Volatile.Write(ref _state, (int)PriceStoreWriterState.Stopped);
            RedisStoreLog.WriterStopped(_logger, Interlocked.Read(ref _written), _slots.Values.Count(s => s.HasPending));
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _state, (int)PriceStoreWriterState.Faulted);
            RecordError("writer", ex.Message, 1);
            throw;
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public PriceStoreWriterStatistics GetStatistics()
    {
        var written = Interlocked.Read(ref _written);
        var offered = Interlocked.Read(ref _offered);
        var lastWrite = Interlocked.Read(ref _lastWriteTicks);
        return new PriceStoreWriterStatistics
        {
            State = State switch
            {
                PriceStoreWriterState.NotStarted => "not_started",
                PriceStoreWriterState.Running => "running",
                PriceStoreWriterState.Stopping => "stopping",
                PriceStoreWriterState.Stopped => "stopped",
                _ => "faulted",
            },
            Store = StoreKindNames.Of(_store.Kind),
            QuotesOffered = offered,
            QuotesCoalesced = Interlocked.Read(ref _coalesced),
            WarmupQuotesIgnored = Interlocked.Read(ref _warmupIgnored),
            Writes = Interlocked.Read(ref _writes),
            Written = written,
            RefusedOlder = Interlocked.Read(ref _refused),
            Failed = Interlocked.Read(ref _failed),
            Retries = Interlocked.Read(ref _retried),
            Batches = Interlocked.Read(ref _batches),
            Publishes = Interlocked.Read(ref _publishes),
            PublishFailed = Interlocked.Read(ref _publishFailed),
            InFlight = Interlocked.Read(ref _inFlight),
            QueueDepth = Interlocked.Read(ref _queueDepth),
            AwaitingRetry = Interlocked.Read(ref _awaitingRetry),
            PendingSymbols = _slots.Values.Count(s => s.HasPending),
            Symbols = _slots.Count,
            WriteRatePerSecond = Math.Round(_writeRate.PerSecond(), 1),
            OfferRatePerSecond = Math.Round(_offerRate.PerSecond(), 1),
            CoalescingRatio = written == 0 ? 0 : Math.Round((double)offered / written, 2),
            RateWindowSeconds = _options.RateWindowSeconds,
            TickToStoreLatency = _tickToStore.Summarize(),
            StoreRoundTrip = _roundTrip.Summarize(),
            LatencyWindowSeconds = _options.LatencyWindow.TotalSeconds,
            ConsecutiveFailedBatches = Volatile.Read(ref _consecutiveFailedBatches),
            NextRetryAt = Interlocked.Read(ref _nextRetryTicks) is var retryAt and > 0 ? new DateTimeOffset(retryAt, TimeSpan.Zero) : null,
            LastWriteAt = lastWrite == 0 ? null : new DateTimeOffset(lastWrite, TimeSpan.Zero),
            LastError = Volatile.Read(ref _lastError),
        };
    }

    /// <summary>Forgets the latency samples so far (for a measurement that starts a new phase); counters are kept.</summary>
    public void ResetLatency()
    {
        _tickToStore.Reset();
        _roundTrip.Reset();
    }

    private void Enqueue(SymbolWriteSlot slot)
    {
        Interlocked.Increment(ref _queueDepth);
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
                    inFlight.Add(WriteBatchAsync(batch.Slots, batch.Quotes, batch.Versions));
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
    private (List<SymbolWriteSlot> Slots, List<Quote> Quotes, List<PriceVersion> Versions)? TakeBatch()
    {
        var capacity = Math.Clamp(_ready.Reader.Count, 1, _options.MaxBatchSize);
        var slots = new List<SymbolWriteSlot>(capacity);
        var quotes = new List<Quote>(capacity);
        var versions = new List<PriceVersion>(capacity);
        while (slots.Count < _options.MaxBatchSize && _ready.Reader.TryRead(out var slot))
        {
            // In flight before it leaves the queue's count: IsIdle must never see a taken quote counted in neither.
            Interlocked.Increment(ref _inFlight);
            Interlocked.Decrement(ref _queueDepth);
            if (slot.TakeForWrite(out var version) is { } quote)
            {
                slots.Add(slot);
                quotes.Add(quote);
                versions.Add(version);
            }
            else
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        return slots.Count > 0 ? (slots, quotes, versions) : null;
    }

    // Runs to the end even when the writer is stopping: the store's own timeouts bound it, and an abandoned
    // write would leave its symbol in flight for ever.
    private async Task WriteBatchAsync(List<SymbolWriteSlot> slots, List<Quote> quotes, List<PriceVersion> versions)
    {
        var count = slots.Count;
        var prices = new StoredPrice[count];
        for (var i = 0; i < count; i++)
        {
            prices[i] = StoredPrice.FromQuote(quotes[i]);
        }

        // Counted in flight by TakeBatch already.
        Interlocked.Add(ref _writes, count);
        Interlocked.Increment(ref _batches);
        var started = _time.GetTimestamp();
        IReadOnlyList<PriceWriteResult> results;
        try
        {
            results = _announcingStore is { } announcing
                ? await announcing.WriteAndAnnounceAsync(prices, CancellationToken.None).ConfigureAwait(false)
                : await _store.WriteAsync(prices, CancellationToken.None).ConfigureAwait(false);
            if (results.Count != count)
            {
                throw new InvalidOperationException($"The store answered {results.Count} results for {count} prices.");
            }
        }
#pragma warning disable CA1031 // The store promises Failed results, not exceptions; anything else is treated as a failed batch.
        catch (Exception ex)
#pragma warning restore CA1031
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
        _roundTrip.Record(acknowledged, Micros(_time.GetElapsedTime(started, acknowledged)));
        int written = 0, refused = 0, failed = 0;
        Exception? firstError = null;
        for (var i = 0; i < count; i++)
        {
            switch (results[i].Outcome)
            {
                case PriceWriteOutcome.Written:
                    written++;
                    _tickToStore.Record(acknowledged, Micros(acknowledgedAt - quotes[i].ReceivedAt));
                    break;
                case PriceWriteOutcome.RefusedOlder:
                    refused++;
                    break;
                default:
                    failed++;
                    firstError ??= results[i].Error;
                    break;
            }
        }

        Interlocked.Add(ref _written, written);
        Interlocked.Add(ref _refused, refused);
        Interlocked.Add(ref _failed, failed);
        if (written > 0)
        {
            _writeRate.Add(acknowledged, written);
            Interlocked.Exchange(ref _lastWriteTicks, acknowledgedAt.UtcTicks);
            if (_announcingStore is null)
            {
                await PublishAsync(results, written).ConfigureAwait(false);
            }
            else if (_announcingStore.Announces)
            {
                Interlocked.Add(ref _publishes, written);
            }
        }

        // Only now may the symbols be written again: a symbol's announcements keep the order of its writes.
        List<(SymbolWriteSlot Slot, Quote Quote, PriceVersion Version)>? retry = null;
        for (var i = 0; i < count; i++)
        {
            var result = results[i];
            if (result.Outcome == PriceWriteOutcome.Failed)
            {
                (retry ??= []).Add((slots[i], quotes[i], versions[i]));
                continue;
            }

            if (slots[i].Complete(versions[i], result.IsWritten, result.StoredVersion, out var dropped))
            {
                Enqueue(slots[i]);
            }

            if (dropped)
            {
                Interlocked.Increment(ref _coalesced);
            }
        }

        if (retry is not null)
        {
            ScheduleRetry(retry, firstError!);
        }
        else if (Interlocked.Exchange(ref _consecutiveFailedBatches, 0) is var failures and > 0)
        {
            RedisStoreLog.WritesRecovered(_logger, failures);
        }

        Interlocked.Add(ref _inFlight, -count);
    }

    private async Task PublishAsync(IReadOnlyList<PriceWriteResult> results, int written)
    {
        PublishSummary summary;
        try
        {
            summary = await _publisher.PublishAsync(results, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A publisher that throws must not stop the writer; it is counted like a failed publish.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            summary = new PublishSummary(0, written, ex);
        }

        Interlocked.Add(ref _publishes, summary.Published);
        if (summary.Failed > 0)
        {
            Interlocked.Add(ref _publishFailed, summary.Failed);
            var reason = summary.FirstError?.Message ?? "unknown";
            RecordError("publish", reason, summary.Failed);
            RedisStoreLog.PublishFailed(_logger, summary.Failed, reason);
        }
    }

    private void ScheduleRetry(List<(SymbolWriteSlot Slot, Quote Quote, PriceVersion Version)> retry, Exception error)
    {
        var consecutive = Interlocked.Increment(ref _consecutiveFailedBatches);
        var delay = RetryDelay(consecutive);
        var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        Interlocked.Add(ref _awaitingRetry, retry.Count);
        RecordError("write", error.Message, retry.Count);

        // One line per failing streak's powers of two: a cluster outage must not flood the log.
        if ((consecutive & (consecutive - 1)) == 0)
        {
            RedisStoreLog.WritesFailed(_logger, retry.Count, consecutive, error.Message, (long)delay.TotalMilliseconds);
        }

        _retries.Writer.TryWrite(new RetryBatch(retry, due));
    }

    private TimeSpan RetryDelay(int consecutive)
    {
        var factor = Math.Pow(2, Math.Min(consecutive - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryInitialDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        while (await _retries.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_retries.Reader.TryRead(out var batch))
            {
                try
                {
                    var wait = _time.GetElapsedTime(_time.GetTimestamp(), batch.DueTimestamp);
                    if (wait > TimeSpan.Zero)
                    {
                        var delay = Task.Delay(wait, _time, cancellationToken);
                        Interlocked.Exchange(ref _nextRetryTicks, (_time.GetUtcNow() + wait).UtcTicks);
                        await delay.ConfigureAwait(false);
                    }
                }
                finally
                {
                    // Even when stopping: the failed quotes go back to pending, never lost.
                    Interlocked.Exchange(ref _nextRetryTicks, 0);
                    Release(batch);
                }
            }
        }
    }

    private void ReleaseAllRetries()
    {
        while (_retries.Reader.TryRead(out var batch))
        {
            Release(batch);
        }
    }

    private void Release(RetryBatch batch)
    {
        foreach (var (slot, quote, version) in batch.Items)
        {
            Interlocked.Increment(ref _retried);
            if (slot.Release(quote, version))
            {
                Enqueue(slot);
            }
        }

        Interlocked.Add(ref _awaitingRetry, -batch.Items.Count);
    }

    private void RecordError(string source, string message, int count)
    {
        var error = new StoreError(_time.GetUtcNow(), source, message, null, count);
        Volatile.Write(ref _lastError, error);
        _errors.Add(error);
    }

    private static long Micros(TimeSpan elapsed) => Math.Max(0, elapsed.Ticks / TimeSpan.TicksPerMicrosecond);

    private sealed record RetryBatch(List<(SymbolWriteSlot Slot, Quote Quote, PriceVersion Version)> Items, long DueTimestamp);
}
