using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Market.Warmup;

/// <summary>
/// Loads the last stored prices into the book, one warm-up at a time, logs each and keeps the recent ones. Warmed-up
/// prices are shown to clients at once but never count as fresh, so nothing trades on them until a live price comes.
/// </summary>
public sealed class MarketDataWarmup(
    PriceWarmup warmup, PriceBook book, IOptions<WarmupOptions> options, TimeProvider time, ILogger<MarketDataWarmup> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _historyLock = new();
    private readonly LinkedList<WarmupRun> _history = new();
    private long _runs;
    private long _failures;

    /// <summary>Warms up now (after any warm-up already running) and returns what it did; a store failure is in the result, not thrown.</summary>
    public async Task<WarmupRun> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var at = time.GetUtcNow();
            var result = await warmup.WarmAsync(book, cancellationToken).ConfigureAwait(false);
            var run = new WarmupRun(trigger, at, result);
            Remember(run);
            if (result.Succeeded)
            {
                WarmupLog.Succeeded(logger, trigger, result.Warmed, result.Requested, result.Loaded, result.MissingSymbols.Count, result.NotTaken,
                    result.OldestAgeSeconds, result.ElapsedMs);
            }
            else
            {
                WarmupLog.Failed(logger, trigger, result.Error!, options.Value.RetryDelay.TotalSeconds);
            }

            return run;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the one-at-a-time gate; the container calls it once the host has stopped.</summary>
    public void Dispose() => _gate.Dispose();

    public WarmupReport Report()
    {
        lock (_historyLock)
        {
            return new WarmupReport(time.GetUtcNow(), _runs, _failures, _history.First?.Value, [.. _history]);
        }
    }

    private void Remember(WarmupRun run)
    {
        lock (_historyLock)
        {
            _runs++;
            if (!run.Result.Succeeded)
            {
                _failures++;
            }

            _history.AddFirst(run);
            while (_history.Count > options.Value.HistorySize)
            {
                _history.RemoveLast();
            }
        }
    }
}
