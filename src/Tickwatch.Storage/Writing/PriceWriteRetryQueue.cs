using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Writing;

/// <summary>The store writer's failed writes waiting out their backoff before their quotes are pending again.</summary>
/// <remarks>
/// The backoff doubles with each consecutive failed batch, up to <see cref="PriceStoreWriterOptions.RetryMaxDelay"/>.
/// A released quote becomes pending again only if no newer one of its symbol is (<see cref="CoalescingQuoteSlot.Release"/>),
/// so an older quote is never written after a newer one was offered.
/// </remarks>
internal sealed class PriceWriteRetryQueue
{
    private readonly Channel<RetryBatch> _batches = Channel.CreateUnbounded<RetryBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly TimeProvider _time;
    private readonly PriceStoreWriterOptions _options;
    private readonly PriceStoreWriterCounters _counters;
    private readonly ILogger _logger;
    private readonly Action<CoalescingQuoteSlot> _requeue;
    private long _retried;
    private long _awaitingRetry;
    private int _consecutiveFailedBatches;
    private long _nextRetryTicks;

    // requeue puts a slot back in the writer's ready queue.
    public PriceWriteRetryQueue(
        TimeProvider time, PriceStoreWriterOptions options, PriceStoreWriterCounters counters, ILogger logger, Action<CoalescingQuoteSlot> requeue)
    {
        _time = time;
        _options = options;
        _counters = counters;
        _logger = logger;
        _requeue = requeue;
    }

    public long Retried => Interlocked.Read(ref _retried);

    public long AwaitingRetry => Interlocked.Read(ref _awaitingRetry);

    public int ConsecutiveFailedBatches => Volatile.Read(ref _consecutiveFailedBatches);

    public DateTimeOffset? NextRetryAt => Interlocked.Read(ref _nextRetryTicks) is var retryAt and > 0 ? new DateTimeOffset(retryAt, TimeSpan.Zero) : null;

    /// <summary>The failed writes of one batch wait for their backoff.</summary>
    public void Schedule(List<(CoalescingQuoteSlot Slot, Quote Quote)> failed, Exception error)
    {
        var consecutive = Interlocked.Increment(ref _consecutiveFailedBatches);
        var delay = RetryDelay(consecutive);
        var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        Interlocked.Add(ref _awaitingRetry, failed.Count);
        _counters.RecordError("write", error.Message, failed.Count);

        // One line per failing streak's powers of two: a cluster outage must not flood the log.
        if ((consecutive & (consecutive - 1)) == 0)
        {
            RedisStoreLog.WritesFailed(_logger, failed.Count, consecutive, error.Message, (long)delay.TotalMilliseconds);
        }

        _batches.Writer.TryWrite(new RetryBatch(failed, due));
    }

    /// <summary>A batch was written without failures: the failing streak, if any, is over.</summary>
    public void Recovered()
    {
        if (Interlocked.Exchange(ref _consecutiveFailedBatches, 0) is var failures and > 0)
        {
            RedisStoreLog.WritesRecovered(_logger, failures);
        }
    }

    /// <summary>Releases each batch when it is due, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await _batches.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_batches.Reader.TryRead(out var batch))
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

    /// <summary>Releases every waiting batch now (the writer stopped): their quotes wait, pending, for the next run.</summary>
    public void ReleaseAll()
    {
        while (_batches.Reader.TryRead(out var batch))
        {
            Release(batch);
        }
    }

    private TimeSpan RetryDelay(int consecutive)
    {
        var factor = Math.Pow(2, Math.Min(consecutive - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryInitialDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    private void Release(RetryBatch batch)
    {
        foreach (var (slot, quote) in batch.Items)
        {
            Interlocked.Increment(ref _retried);
            if (slot.Release(quote))
            {
                _requeue(slot);
            }
        }

        Interlocked.Add(ref _awaitingRetry, -batch.Items.Count);
    }

    private sealed record RetryBatch(List<(CoalescingQuoteSlot Slot, Quote Quote)> Items, long DueTimestamp);
}
