using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>
/// One market instance's trading half over a shared <see cref="TradingDesk"/> (store, book, time), index and
/// <c>order_updates</c>: its own partition ownership, trigger monitor, engine (announcing its commits) and trigger service.
/// </summary>
internal sealed class TriggerNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public TriggerNode(TradingDesk desk, ITriggerIndex index, IOrderAnnouncements announcements, FakePartitionOwnership ownership, ClusterOptions? cluster = null)
    {
        Desk = desk;
        Ownership = ownership;
        Monitor = new TriggerMonitor(ownership);
        desk.Book.AddListener(Monitor);
        var announcer = new OrderAnnouncer(announcements, desk.Time);
        Engine = new TradingEngine(desk.Store, desk.Book, Options.Create(new TradingOptions()), desk.Time, NullLogger<TradingEngine>.Instance, [Monitor, announcer]);
        Service = new TriggerService(
            Monitor, Engine, desk.Store, index, Options.Create(new TriggerOptions()), desk.Time, NullLogger<TriggerService>.Instance, announcements, cluster is null ? null : Options.Create(cluster));
    }

    public TradingDesk Desk { get; }

    public FakePartitionOwnership Ownership { get; }

    public TriggerMonitor Monitor { get; }

    public TradingEngine Engine { get; }

    public TriggerService Service { get; }

    public TriggerStatistics Statistics => Service.GetStatistics();

    public int Armed => Statistics.ArmedPending;

    /// <summary><paramref name="count"/> accounts of group Standard (10,000 USD, 1:100) numbered from <paramref name="first"/>.</summary>
    public static async Task<List<AccountId>> OpenAccountsAsync(TradingDesk desk, int first, int count)
    {
        var accounts = Enumerable.Range(first, count).Select(n => new AccountId(UserType.Live, n)).ToList();
        foreach (var account in accounts)
        {
            await desk.Store.PutAccountAsync(new TradingAccount { Id = account, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default);
        }

        return accounts;
    }

    public async Task StartAsync()
    {
        _run = Service.RunAsync(_stop.Token);
        await Eventually.UntilAsync(() => Service.State == TriggerServiceState.Running || _run.IsCompleted, "the trigger service is running");
        if (_run.IsFaulted)
        {
            await _run;
        }
    }

    public Task IdleAsync() => Eventually.UntilAsync(() => Service.IsIdle, "the trigger service is idle");

    public Task<OrderOutcome> PlaceLimitAsync(AccountId account, decimal price) =>
        Engine.PlaceAsync(
            new PlaceOrder { Account = account, Symbol = "EURUSD", Type = OrderType.BuyLimit, Volume = 0.01m, Price = price, IdempotencyKey = Desk.Key() },
            default);

    public bool OwnsPartitionOf(AccountId account) => Ownership.Owned.Contains(PartitionMap.Of(account));

    public async ValueTask DisposeAsync()
    {
        if (_run is { } run)
        {
            await _stop.CancelAsync();
            await run;
        }

        _stop.Dispose();
    }
}
