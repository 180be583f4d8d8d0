using System.Collections.Concurrent;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Redis;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// Reads every watched symbol's <c>market:SYM</c> many times a second, as the gateway reads it: per symbol the stored
/// version never goes back, and after a <see cref="Mark"/> it notes each symbol's first stored price received after the mark.
/// </summary>
/// <remarks>A price overwritten between two reads is not seen, so a first price after a mark is found up to one interval late (20 ms by default).</remarks>
internal sealed class StoreFeedWatch(RedisPriceStore store, IReadOnlyList<string> symbols, InvariantLog log)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstAfter = new(StringComparer.Ordinal);
    private long _readErrors;
    private long _markTicks = DateTimeOffset.MaxValue.UtcTicks;

    public MonotonicWatch<PriceVersion> Watch { get; } = new("no-regression-in-redis", "redis market:SYM", log);

    public IReadOnlyList<string> Symbols => symbols;

    /// <summary>Reads that failed (expected while a master is down and the cluster fails over).</summary>
    public long ReadErrors => Interlocked.Read(ref _readErrors);

    /// <summary>From now on, each symbol's first stored price received after <paramref name="at"/> is noted.</summary>
    public void Mark(DateTimeOffset at)
    {
        _firstAfter.Clear();
        Interlocked.Exchange(ref _markTicks, at.UtcTicks);
    }

    /// <summary>The earliest <c>received_at</c> after the mark over every symbol: when the feed was first written again; null until then.</summary>
    public DateTimeOffset? FirstWrittenAfterMark => _firstAfter.IsEmpty ? null : _firstAfter.Values.Min();

    /// <summary>When every symbol had a price received after the mark (the latest of their first ones); null until each has one.</summary>
    public DateTimeOffset? AllWrittenAfterMark => _firstAfter.Count == symbols.Count ? _firstAfter.Values.Max() : null;

    public async Task PollAsync(CancellationToken stop)
    {
        try
        {
            var stored = await store.ReadManyAsync(symbols, stop);
            var mark = Interlocked.Read(ref _markTicks);
            for (var i = 0; i < symbols.Count; i++)
            {
                if (stored[i] is not { } price)
                {
                    continue;
                }

                Watch.Observe(symbols[i], price.Version);
                if (price.ReceivedAt.UtcTicks > mark)
                {
                    _firstAfter.TryAdd(symbols[i], price.ReceivedAt);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref _readErrors);
        }
    }

    public Task RunAsync(TimeSpan interval, CancellationToken stop) => PeriodicPoll.RunAsync(interval, PollAsync, stop);
}
