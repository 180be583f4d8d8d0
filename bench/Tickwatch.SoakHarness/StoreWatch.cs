using Tickwatch.BenchSupport;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Redis;

namespace Tickwatch.SoakHarness;

/// <summary>Reads <c>market:SYM</c> from the cluster as the gateway does (<see cref="RedisPriceStore.ReadManyAsync"/>): per symbol, the stored version never goes back.</summary>
internal sealed class StoreWatch(RedisPriceStore store, IReadOnlyList<string> symbols, InvariantLog log)
{
    private long _readErrors;

    public MonotonicWatch<PriceVersion> Watch { get; } = new("no-regression-in-redis", "redis market:SYM", log);

    /// <summary>Reads that failed (expected while a master is down and the cluster fails over).</summary>
    public long ReadErrors => Interlocked.Read(ref _readErrors);

    public async Task PollAsync(CancellationToken stop)
    {
        try
        {
            var stored = await store.ReadManyAsync(symbols, stop);
            for (var i = 0; i < symbols.Count; i++)
            {
                if (stored[i] is { } price)
                {
                    Watch.Observe(symbols[i], price.Version);
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
