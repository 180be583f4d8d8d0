using System.Collections.Concurrent;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Tests.Writing;

/// <summary>An in-memory store the test steers: hold writes at a gate, fail them, throw, and catch two writes of one symbol at once or too many batches at once.</summary>
internal sealed class ScriptedPriceStore(TimeProvider time) : IPriceStore
{
    private readonly InMemoryPriceStore _inner = new(time);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private TaskCompletionSource? _gate;

    public StoreKind Kind => StoreKind.InMemory;

    public volatile bool FailAll;

    public volatile bool Throw;

    /// <summary>When set, each write yields this many times before applying: writes overlap in time.</summary>
    public int Yields { get; set; }

    public int ConcurrentWritesOfOneSymbol;

    public int WaitingAtGate;

    /// <summary>Most write calls that were ever in progress at once.</summary>
    public int PeakConcurrentBatches;

    private int _concurrentBatches;

    /// <summary>Every price sent, in the order batches were applied.</summary>
    public ConcurrentQueue<StoredPrice> Sent { get; } = new();

    /// <summary>The size of each write call, in the order they were made.</summary>
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public ConcurrentQueue<StoredPrice> Written { get; } = new();

    public void CloseGate() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OpenGate() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public async Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken)
    {
        BatchSizes.Enqueue(prices.Count);
        var concurrent = Interlocked.Increment(ref _concurrentBatches);
        for (var peak = Volatile.Read(ref PeakConcurrentBatches); concurrent > peak; peak = Volatile.Read(ref PeakConcurrentBatches))
        {
            Interlocked.CompareExchange(ref PeakConcurrentBatches, concurrent, peak);
        }

        foreach (var price in prices)
        {
            if (_inFlight.AddOrUpdate(price.Symbol, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref ConcurrentWritesOfOneSymbol);
            }
        }

        try
        {
            if (_gate is { } gate)
            {
                Interlocked.Increment(ref WaitingAtGate);
                await gate.Task;
                Interlocked.Decrement(ref WaitingAtGate);
            }

            for (var i = 0; i < Yields; i++)
            {
                await Task.Yield();
            }

            foreach (var price in prices)
            {
                Sent.Enqueue(price);
            }

            if (Throw)
            {
                throw new InvalidOperationException("the store threw");
            }

            if (FailAll)
            {
                return [.. prices.Select(p => PriceWriteResult.Failed(p, new InvalidOperationException("store down")))];
            }

            var results = await _inner.WriteAsync(prices, cancellationToken);
            foreach (var result in results.Where(r => r.IsWritten))
            {
                Written.Enqueue(result.Price);
            }

            return results;
        }
        finally
        {
            foreach (var price in prices)
            {
                _inFlight.AddOrUpdate(price.Symbol, 0, (_, n) => n - 1);
            }

            Interlocked.Decrement(ref _concurrentBatches);
        }
    }

    public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken) => _inner.ReadAsync(symbol, cancellationToken);

    public Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
        _inner.ReadManyAsync(symbols, cancellationToken);
}
