using System.Collections.Concurrent;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>
/// A portfolio store whose reads wait until the test answers them, one by one, in the order they were made: a slow
/// Redis read, held. Subscriptions are counted and can be made to fail; nothing else is supported.
/// </summary>
internal sealed class ScriptedPortfolioStore : IPortfolioStore
{
    private readonly ConcurrentQueue<TaskCompletionSource<AccountPortfolio?>> _reads = new();
    private readonly List<Action<AccountId>> _handlers = [];
    private int _readsMade;
    private int _subscriptions;

    public long Failures => 0;

    public long MalformedRecalcRequests => 0;

    /// <summary>Reads made so far (answered or not).</summary>
    public int ReadsMade => Volatile.Read(ref _readsMade);

    /// <summary>Reads waiting for an answer.</summary>
    public int ReadsWaiting => _reads.Count;

    public int Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>When set, the next subscription fails with it (once).</summary>
    public Exception? FailNextSubscription { get; set; }

    /// <summary>Answers the oldest waiting read with <paramref name="portfolio"/>.</summary>
    public void Answer(AccountPortfolio? portfolio)
    {
        if (!_reads.TryDequeue(out var read))
        {
            throw new InvalidOperationException("No read is waiting.");
        }

        read.SetResult(portfolio);
    }

    /// <summary>Fails the oldest waiting read.</summary>
    public void Fail(Exception error)
    {
        if (!_reads.TryDequeue(out var read))
        {
            throw new InvalidOperationException("No read is waiting.");
        }

        read.SetException(error);
    }

    /// <summary>Announces <paramref name="account"/> on the subscribers' behalf, as <c>portfolio_updates</c> would.</summary>
    public void Announce(AccountId account)
    {
        foreach (var handler in _handlers.ToArray())
        {
            handler(account);
        }
    }

    public Task<AccountPortfolio?> ReadAsync(AccountId account, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _readsMade);
        var read = new TaskCompletionSource<AccountPortfolio?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _reads.Enqueue(read);
        return read.Task;
    }

    public Task<IAsyncDisposable> SubscribeUpdatesAsync(Action<AccountId> onUpdated, CancellationToken cancellationToken)
    {
        if (FailNextSubscription is { } error)
        {
            FailNextSubscription = null;
            return Task.FromException<IAsyncDisposable>(error);
        }

        Interlocked.Increment(ref _subscriptions);
        _handlers.Add(onUpdated);
        return Task.FromResult<IAsyncDisposable>(new Subscription(() => _handlers.Remove(onUpdated)));
    }

    public Task WriteAsync(AccountPortfolio portfolio, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task AddHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<string, IReadOnlySet<AccountId>>> ReadHoldersAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task RequestRecalcAsync(IReadOnlyCollection<AccountId> accounts, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IAsyncDisposable> SubscribeRecalcAsync(Action<IReadOnlyList<AccountId>> onRequest, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private sealed class Subscription(Action remove) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            remove();
            return ValueTask.CompletedTask;
        }
    }
}
