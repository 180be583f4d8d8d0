using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>One instance's portfolio half over a shared store, book and portfolio store: its own ownership, calculator, commit hints and engine.</summary>
internal sealed class PortfolioNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runs = [];
    private int _keys;

    // hintsLost: the engine's commits are not hinted to other owners (as when the instance dies right after its commit).
    public PortfolioNode(
        string name, InMemoryTradingStore store, PriceBook book, IPortfolioStore portfolios, FakeTimeProvider time, FakePartitionOwnership ownership, ClusterOptions? cluster = null, bool hintsLost = false)
    {
        Name = name;
        Ownership = ownership;
        var options = Options.Create(new TradingOptions());
        Calculator = new PortfolioCalculator(
            store, portfolios, book, options, time, NullLogger<PortfolioCalculator>.Instance, ownership, cluster is null ? null : Options.Create(cluster));
        Hints = new ClusterCommitHints(ownership, portfolios, time, NullLogger<ClusterCommitHints>.Instance);
        Engine = new TradingEngine(store, book, options, time, NullLogger<TradingEngine>.Instance, hintsLost ? [Calculator] : [Calculator, Hints]);
    }

    public string Name { get; }

    public FakePartitionOwnership Ownership { get; }

    public PortfolioCalculator Calculator { get; }

    public ClusterCommitHints Hints { get; }

    public TradingEngine Engine { get; }

    public int Tracked => Calculator.GetStatistics().AccountsTracked;

    public bool IsIdle => Calculator.IsIdle && Hints.IsIdle;

    public async Task StartAsync()
    {
        _runs.Add(Calculator.RunAsync(_stop.Token));
        _runs.Add(Hints.RunAsync(_stop.Token));
        await Eventually.UntilAsync(() => Calculator.IsIdle || _runs[0].IsCompleted, $"calculator {Name} started");
        if (_runs[0].IsCompleted)
        {
            await _runs[0];
        }
    }

    public async Task<Order> BuyAsync(AccountId account, decimal volume)
    {
        var outcome = await Engine.PlaceAsync(
            new PlaceOrder { Account = account, Symbol = "EURUSD", Type = OrderType.Buy, Volume = volume, IdempotencyKey = Name + Interlocked.Increment(ref _keys) }, default);
        return outcome.Order ?? throw new InvalidOperationException($"The order was refused: {outcome.Refusal} {outcome.Detail}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var run in _runs)
        {
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // The hints' loop ends with the stop's cancellation.
            }
        }

        _stop.Dispose();
    }
}
