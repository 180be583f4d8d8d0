using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Portfolio;

/// <summary>
/// The engine and a running portfolio calculator on the in-memory stores, a real price book and fake time: accounts
/// Alice and Bob (10,000 USD, 1:100) in group Standard, whose FX terms carry 1 pip of spread and 7 USD commission a lot.
/// </summary>
internal sealed class PortfolioDesk : IAsyncDisposable
{
    public static readonly AccountId Alice = new(UserType.Live, 42);
    public static readonly AccountId Bob = new(UserType.Demo, 7);

    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private int _keys;

    public PortfolioDesk(IPortfolioStore? portfolios = null)
    {
        Book = new PriceBook(TradingDesk.StandardSymbols(), Time);
        Portfolios = portfolios ?? Memory;
        var options = Options.Create(new TradingOptions());
        Calculator = new PortfolioCalculator(Store, Portfolios, Book, options, Time, Logs.CreateFactory().CreateLogger<PortfolioCalculator>());
        Engine = new TradingEngine(Store, Book, options, Time, NullLogger<TradingEngine>.Instance, [Calculator]);
        foreach (var id in new[] { Alice, Bob })
        {
            Store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default).GetAwaiter().GetResult();
        }

        TradingDesk.PutFxTerms(Store, ("EURUSD", "USD", 0.0001m), ("USDJPY", "JPY", 0.01m), ("EURJPY", "JPY", 0.01m), ("GBPUSD", "USD", 0.0001m));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    public InMemoryTradingStore Store { get; } = new();

    public InMemoryPortfolioStore Memory { get; } = new();

    public IPortfolioStore Portfolios { get; }

    public PriceBook Book { get; }

    public TradingEngine Engine { get; }

    public PortfolioCalculator Calculator { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Starts the calculator and waits until it has loaded the accounts and valued them.</summary>
    public async Task StartAsync()
    {
        _run = Calculator.RunAsync(_stop.Token);
        await Eventually.UntilAsync(() => Calculator.IsIdle || _run.IsCompleted, "the calculator started");
        if (_run.IsCompleted)
        {
            await _run;
        }
    }

    public Quote Price(string symbol, decimal bid, decimal ask)
    {
        var result = Book.Apply(new PriceUpdate { Symbol = symbol, Bid = bid, Ask = ask, Feed = "json", ReceivedAt = Time.GetUtcNow() });
        return result.Quote ?? throw new InvalidOperationException($"The book refused {symbol} {bid}/{ask}: {result.Outcome}.");
    }

    public async Task<Order> Buy(AccountId account, decimal volume, string symbol = "EURUSD")
    {
        var outcome = await Engine.PlaceAsync(
            new PlaceOrder { Account = account, Symbol = symbol, Type = OrderType.Buy, Volume = volume, IdempotencyKey = "k" + Interlocked.Increment(ref _keys) }, default);
        return outcome.Order ?? throw new InvalidOperationException($"The order was refused: {outcome.Refusal} {outcome.Detail}");
    }

    /// <summary>Alice buys 1 lot of EURUSD at 1.08525 (quote 1.08500/1.08520), and her portfolio is valued at 1.08600/1.08620: +70.00.</summary>
    public async Task AliceValuedAsync()
    {
        Price("EURUSD", 1.08500m, 1.08520m);
        await Buy(Alice, 1m);
        Price("EURUSD", 1.08600m, 1.08620m);
        await PortfolioWhen(Alice, p => p.OpenPnl == 70.00m, "Alice valued at 1.08600");
    }

    /// <summary>Waits until the stored portfolio of <paramref name="account"/> satisfies <paramref name="condition"/>, and returns it.</summary>
    public Task<AccountPortfolio?> PortfolioWhen(AccountId account, Func<AccountPortfolio, bool> condition, string what) =>
        Eventually.ValueAsync(() => Portfolios.ReadAsync(account, default), p => p is not null && condition(p), what);

    /// <summary>Waits until the calculator has nothing left to do.</summary>
    public Task Settled() => Eventually.UntilAsync(() => Calculator.IsIdle, "the calculator is idle");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        _stop.Dispose();
        Logs.Dispose();
    }
}
