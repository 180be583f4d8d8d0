using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests;

/// <summary>An engine on the in-memory store, a real price book and fake time, with one funded account in group Standard; <c>observers</c> are told of its commits.</summary>
internal sealed class TradingDesk
{
    public static readonly AccountId Alice = new(UserType.Live, 42);

    /// <summary>An account routed to the liquidity provider, put only when the desk is given a link.</summary>
    public static readonly AccountId Bob = new(UserType.Live, 43);

    private int _keys;

    public TradingDesk(decimal balance = 10_000m, decimal leverage = 100m, Func<TimeProvider, IEnumerable<IOrderObserver>>? observers = null, IProviderLink? provider = null)
    {
        Store = new InMemoryTradingStore(Time);
        Book = new PriceBook(StandardSymbols(), Time);
        Engine = new TradingEngine(Store, Book, Options.Create(new TradingOptions()), Time, NullLogger<TradingEngine>.Instance, observers?.Invoke(Time), provider: provider);
        Store.PutAccountAsync(new TradingAccount { Id = Alice, WalletBalance = balance, Leverage = leverage, Group = "Standard" }, default).GetAwaiter().GetResult();
        if (provider is not null)
        {
            Store.PutAccountAsync(new TradingAccount { Id = Bob, WalletBalance = balance, Leverage = leverage, Group = "Standard", Route = ExecutionRoute.Provider }, default).GetAwaiter().GetResult();
        }

        PutFxTerms(Store, ("EURUSD", "USD", 0.0001m), ("USDJPY", "JPY", 0.01m), ("GBPUSD", "USD", 0.0001m), ("EURGBP", "GBP", 0.0001m));
    }

    /// <summary>The 58 standard instruments, each with a 10 s quote age.</summary>
    public static SymbolRegistry StandardSymbols() => new(
        StandardInstruments.All.Select(i => SymbolDefaults.For(i.Symbol, i.Kind, TimeSpan.FromSeconds(10))),
        s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)),
        acceptUnlisted: false);

    /// <summary>Group Standard's terms for FX symbols: 1 pip of spread, 100,000 a lot, 7 USD commission a lot.</summary>
    public static void PutFxTerms(ITradingStore store, params (string Symbol, string Currency, decimal Pip)[] symbols) => PutFxTerms(store, "Standard", symbols);

    /// <summary>The same terms in <paramref name="group"/>.</summary>
    public static void PutFxTerms(ITradingStore store, string group, params (string Symbol, string Currency, decimal Pip)[] symbols)
    {
        foreach (var (symbol, currency, pip) in symbols)
        {
            store.PutTermsAsync(
                new GroupSymbolTerms
                {
                    Group = group,
                    Symbol = symbol,
                    Spread = 1m,
                    SpreadPip = pip,
                    ContractSize = 100_000m,
                    ProfitCurrency = currency,
                    InstrumentType = InstrumentKind.Forex,
                    CommissionPerLot = 7m,
                },
                default).GetAwaiter().GetResult();
        }
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    public InMemoryTradingStore Store { get; }

    public PriceBook Book { get; }

    public TradingEngine Engine { get; }

    public Quote Price(string symbol, decimal bid, decimal ask)
    {
        var result = Book.Apply(new PriceUpdate { Symbol = symbol, Bid = bid, Ask = ask, Feed = "json", ReceivedAt = Time.GetUtcNow() });
        return result.Quote ?? throw new InvalidOperationException($"The book refused {symbol} {bid}/{ask}: {result.Outcome}.");
    }

    public string Key() => "k" + Interlocked.Increment(ref _keys);

    public Task<OrderOutcome> Place(OrderType type, decimal volume, string symbol = "EURUSD", decimal? price = null, decimal? stopLoss = null, decimal? takeProfit = null, string? key = null, AccountId? account = null) =>
        Engine.PlaceAsync(
            new PlaceOrder { Account = account ?? Alice, Symbol = symbol, Type = type, Volume = volume, Price = price, StopLoss = stopLoss, TakeProfit = takeProfit, IdempotencyKey = key ?? Key() },
            default);

    public async Task<TradingAccount> Account() => (await Store.ReadAccountAsync(Alice, default))!.Account;
}
