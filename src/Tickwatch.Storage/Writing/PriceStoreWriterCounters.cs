using System.Collections.Concurrent;
using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Storage.Writing;

/// <summary>The store writer's counters, rates, latencies and last error, and the statistics shaped from them.</summary>
/// <remarks>Every member is safe from any thread: the feed threads offer, the batches count their results.</remarks>
internal sealed class PriceStoreWriterCounters
{
    private readonly TimeProvider _time;
    private readonly PriceStoreWriterOptions _options;
    private readonly StoreErrorLog _errors;
    private readonly SlidingRate _writeRate;
    private readonly SlidingRate _offerRate;
    private readonly SlidingLatency _tickToStore;
    private readonly SlidingLatency _roundTrip;
    private readonly ConcurrentDictionary<string, long> _refusedFencedByFeed = new(StringComparer.Ordinal);
    private long _offered;
    private long _warmupIgnored;
    private long _replicatedIgnored;
    private long _notHeldIgnored;
    private long _refusedFenced;
    private long _writes;
    private long _written;
    private long _refused;
    private long _futureVersionsReplaced;
    private long _failed;
    private long _batches;
    private long _publishes;
    private long _publishFailed;
    private long _inFlight;
    private long _queueDepth;
    private long _lastWriteTicks;
    private StoreError? _lastError;

    public PriceStoreWriterCounters(TimeProvider time, PriceStoreWriterOptions options, StoreErrorLog errors)
    {
        _time = time;
        _options = options;
        _errors = errors;
        _writeRate = new SlidingRate(time, options.RateWindowSeconds);
        _offerRate = new SlidingRate(time, options.RateWindowSeconds);
        _tickToStore = new SlidingLatency(time, options.LatencyWindow);
        _roundTrip = new SlidingLatency(time, options.LatencyWindow);
    }

    public IReadOnlyList<StoreError> RecentErrors => _errors.Recent();

    public long Written => Interlocked.Read(ref _written);

    /// <summary>True when no quote is queued or in flight.</summary>
    public bool NoneQueuedOrInFlight => Interlocked.Read(ref _inFlight) == 0 && Interlocked.Read(ref _queueDepth) == 0;

    public void CountOffered()
    {
        Interlocked.Increment(ref _offered);
        _offerRate.Add(1);
    }

    public void CountWarmupIgnored() => Interlocked.Increment(ref _warmupIgnored);

    public void CountReplicatedIgnored() => Interlocked.Increment(ref _replicatedIgnored);

    public void CountNotHeldIgnored(int quotes) => Interlocked.Add(ref _notHeldIgnored, quotes);

    public void CountRefusedFenced(int prices) => Interlocked.Add(ref _refusedFenced, prices);

    /// <summary>Writes the store refused for a feed's fence since the start.</summary>
    public long RefusedFenced => Interlocked.Read(ref _refusedFenced);

    /// <summary>Writes refused by the fence of each feed since the start; only feeds with a refusal.</summary>
    public IReadOnlyDictionary<string, long> RefusedFencedByFeed => _refusedFencedByFeed.ToDictionary(StringComparer.Ordinal);

    public void CountRefusedFenced(string feed) => _refusedFencedByFeed.AddOrUpdate(feed, 1, (_, n) => n + 1);

    public void CountQueued() => Interlocked.Increment(ref _queueDepth);

    /// <summary>A symbol left the ready queue for a batch: in flight before it leaves the queue's count, so the writer never looks idle in between.</summary>
    public void CountTakenOffQueue()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Decrement(ref _queueDepth);
    }

    /// <summary>A symbol taken off the queue had nothing pending after all.</summary>
    public void CountNothingTaken() => Interlocked.Decrement(ref _inFlight);

    public void CountBatchDone(int count) => Interlocked.Add(ref _inFlight, -count);

    public void CountBatchSent(int count)
    {
        Interlocked.Add(ref _writes, count);
        Interlocked.Increment(ref _batches);
    }

    public void RecordRoundTrip(long started, long acknowledged) =>
        _roundTrip.Record(acknowledged, Micros(_time.GetElapsedTime(started, acknowledged)));

    public void RecordTickToStore(long acknowledged, DateTimeOffset acknowledgedAt, DateTimeOffset receivedAt) =>
        _tickToStore.Record(acknowledged, Micros(acknowledgedAt - receivedAt));

    public void CountResults(int written, int refused, int failed, long acknowledged, DateTimeOffset acknowledgedAt)
    {
        Interlocked.Add(ref _written, written);
        Interlocked.Add(ref _refused, refused);
        Interlocked.Add(ref _failed, failed);
        if (written > 0)
        {
            _writeRate.Add(acknowledged, written);
            Interlocked.Exchange(ref _lastWriteTicks, acknowledgedAt.UtcTicks);
        }
    }

    public void CountFutureVersionReplaced() => Interlocked.Increment(ref _futureVersionsReplaced);

    public void CountPublished(long published) => Interlocked.Add(ref _publishes, published);

    public void CountPublishFailed(long failed) => Interlocked.Add(ref _publishFailed, failed);

    public void RecordError(string source, string message, int count)
    {
        var error = new StoreError(_time.GetUtcNow(), source, message, null, count);
        Volatile.Write(ref _lastError, error);
        _errors.Add(error);
    }

    /// <summary>Forgets the latency samples so far; counters are kept.</summary>
    public void ResetLatency()
    {
        _tickToStore.Reset();
        _roundTrip.Reset();
    }

    public PriceStoreWriterStatistics Snapshot(
        PriceStoreWriterState state, string store, long coalesced, int pendingSymbols, int symbols, PriceWriteRetryQueue retries)
    {
        var written = Interlocked.Read(ref _written);
        var offered = Interlocked.Read(ref _offered);
        var lastWrite = Interlocked.Read(ref _lastWriteTicks);
        return new PriceStoreWriterStatistics
        {
            State = state switch
            {
                PriceStoreWriterState.NotStarted => "not_started",
                PriceStoreWriterState.Running => "running",
                PriceStoreWriterState.Stopping => "stopping",
                PriceStoreWriterState.Stopped => "stopped",
                _ => "faulted",
            },
            Store = store,
            QuotesOffered = offered,
            QuotesCoalesced = coalesced,
            WarmupQuotesIgnored = Interlocked.Read(ref _warmupIgnored),
            ReplicatedIgnored = Interlocked.Read(ref _replicatedIgnored),
            NotHeldIgnored = Interlocked.Read(ref _notHeldIgnored),
            RefusedFenced = Interlocked.Read(ref _refusedFenced),
            Writes = Interlocked.Read(ref _writes),
            Written = written,
            RefusedOlder = Interlocked.Read(ref _refused),
            FutureVersionsReplaced = Interlocked.Read(ref _futureVersionsReplaced),
            Failed = Interlocked.Read(ref _failed),
            Retries = retries.Retried,
            Batches = Interlocked.Read(ref _batches),
            Publishes = Interlocked.Read(ref _publishes),
            PublishFailed = Interlocked.Read(ref _publishFailed),
            InFlight = Interlocked.Read(ref _inFlight),
            QueueDepth = Interlocked.Read(ref _queueDepth),
            AwaitingRetry = retries.AwaitingRetry,
            PendingSymbols = pendingSymbols,
            Symbols = symbols,
            WriteRatePerSecond = Math.Round(_writeRate.PerSecond(), 1),
            OfferRatePerSecond = Math.Round(_offerRate.PerSecond(), 1),
            CoalescingRatio = written == 0 ? 0 : Math.Round((double)offered / written, 2),
            RateWindowSeconds = _options.RateWindowSeconds,
            TickToStoreLatency = _tickToStore.Summarize(),
            StoreRoundTrip = _roundTrip.Summarize(),
            LatencyWindowSeconds = _options.LatencyWindow.TotalSeconds,
            ConsecutiveFailedBatches = retries.ConsecutiveFailedBatches,
            NextRetryAt = retries.NextRetryAt,
            LastWriteAt = lastWrite == 0 ? null : new DateTimeOffset(lastWrite, TimeSpan.Zero),
            LastError = Volatile.Read(ref _lastError),
        };
    }

    private static long Micros(TimeSpan elapsed) => Math.Max(0, elapsed.Ticks / TimeSpan.TicksPerMicrosecond);
}
