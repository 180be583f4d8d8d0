using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Triggers;

/// <summary>
/// A <see cref="TradingDesk"/> (in-memory store, real price book, fake time) with the triggers running on it: a monitor
/// the book and an engine tell, and the trigger service firing through that engine. A "restart" is a new monitor, engine
/// and service over the same store, book and index.
/// </summary>
internal sealed class TriggerDesk : IAsyncDisposable
{
    /// <summary>An account of group Raw, whose EURUSD terms carry no spread.</summary>
    public static readonly AccountId Bob = new(UserType.Live, 43);

    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public TriggerDesk(TradingDesk? desk = null, ITriggerIndex? index = null)
    {
        Desk = desk ?? NewDesk();
        Index = index ?? new InMemoryTriggerIndex();
        Monitor = new TriggerMonitor();
        Desk.Book.AddListener(Monitor);
        Engine = new TradingEngine(Desk.Store, Desk.Book, Options.Create(new TradingOptions()), Desk.Time, NullLogger<TradingEngine>.Instance, [Monitor]);
        Service = new TriggerService(Monitor, Engine, Desk.Store, Index, Options.Create(new TriggerOptions()), Desk.Time, Logs.CreateFactory().CreateLogger<TriggerService>());
    }

    public TradingDesk Desk { get; }

    public ITriggerIndex Index { get; }

    public TriggerMonitor Monitor { get; }

    public TradingEngine Engine { get; }

    public TriggerService Service { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public TriggerStatistics Statistics => Service.GetStatistics();

    public static async Task<TriggerDesk> StartAsync(TradingDesk? desk = null, ITriggerIndex? index = null)
    {
        var started = new TriggerDesk(desk, index);
        await started.StartAsync();
        return started;
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

    /// <summary>Stops this service and starts a new one (new monitor, engine and service) over the same store, book and index.</summary>
    public async Task<TriggerDesk> RestartAsync()
    {
        await DisposeAsync();
        return await StartAsync(Desk, Index);
    }

    /// <summary>Waits until every quote, re-check and index write so far is handled.</summary>
    public Task IdleAsync() => Eventually.UntilAsync(() => Service.IsIdle, "the trigger service is idle");

    public Task<OrderOutcome> Place(OrderType type, decimal volume = 1m, decimal? price = null, decimal? stopLoss = null, decimal? takeProfit = null, AccountId? account = null) =>
        Engine.PlaceAsync(
            new PlaceOrder
            {
                Account = account ?? TradingDesk.Alice,
                Symbol = "EURUSD",
                Type = type,
                Volume = volume,
                Price = price,
                StopLoss = stopLoss,
                TakeProfit = takeProfit,
                IdempotencyKey = Desk.Key(),
            },
            default);

    public async Task<Order> OrderAsync(string orderId, AccountId? account = null) =>
        (await Desk.Store.ReadOrderAsync(account ?? TradingDesk.Alice, orderId, default))!;

    /// <summary>Applies a quote as a feed would; the book may refuse it (a burst's duplicates), which is returned, not thrown.</summary>
    public PriceApplyResult Quote(decimal bid, decimal ask, string feed = "json", DateTimeOffset? receivedAt = null) =>
        Desk.Book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = bid, Ask = ask, Feed = feed, ReceivedAt = receivedAt ?? Desk.Time.GetUtcNow() });

    public async ValueTask DisposeAsync()
    {
        if (_run is { } run)
        {
            await _stop.CancelAsync();
            await run;
            _run = null;
        }

        _stop.Dispose();
        Logs.Dispose();
    }

    private static TradingDesk NewDesk()
    {
        var desk = new TradingDesk();
        desk.Store.PutTermsAsync(
            new GroupSymbolTerms
            {
                Group = "Raw",
                Symbol = "EURUSD",
                Spread = 0m,
                SpreadPip = 0.0001m,
                ContractSize = 100_000m,
                ProfitCurrency = "USD",
                InstrumentType = InstrumentKind.Forex,
            },
            default).GetAwaiter().GetResult();
        desk.Store.PutAccountAsync(new TradingAccount { Id = Bob, WalletBalance = 10_000m, Leverage = 100m, Group = "Raw" }, default).GetAwaiter().GetResult();
        return desk;
    }
}
