using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;

namespace Tickwatch.Simulators.Tests.Support;

/// <summary>
/// The market side of the provider link for tests: the trading engine on the in-memory store (the embedded seed's
/// groups, one funded provider-routed account) and a real <see cref="ProviderConnectionManager"/> connected to a gateway.
/// </summary>
internal sealed class ProviderDesk : IAsyncDisposable
{
    /// <summary>The provider-routed account of an in-memory desk.</summary>
    public static readonly AccountId DefaultTrader = new(UserType.Live, 7);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly Task _relayRun;
    private Task _monitor = Task.CompletedTask;
    private int _keys;

    private ProviderDesk(
        ProviderLinkOptions options,
        TimeProvider linkTime,
        Func<IProviderExecution, IProviderExecution>? execution,
        ITradingStore? store,
        AccountId? trader,
        Func<ProviderConnectionManager, IProviderLink>? engineLink,
        Func<ProviderConnectionManager, ProviderRelayConsumer>? relay)
    {
        Trader = trader ?? DefaultTrader;
        Store = store ?? new InMemoryTradingStore(TimeProvider.System);
        Seed(Store, Trader);
        var symbols = new SymbolRegistry(
            StandardInstruments.All.Select(i => SymbolDefaults.For(i.Symbol, i.Kind, TimeSpan.FromMinutes(1))), s => SymbolDefaults.For(s, null, TimeSpan.FromMinutes(1)), acceptUnlisted: false);
        Book = new PriceBook(symbols, TimeProvider.System);
        Link = new ProviderConnectionManager(Options.Create(options), linkTime, NullLogger<ProviderConnectionManager>.Instance, new Random(11));
        EngineLink = engineLink?.Invoke(Link) ?? Link;
        Relay = relay?.Invoke(Link);
        PendingMonitor = new ProviderPendingMonitor(Options.Create(options), TimeProvider.System, NullLogger<ProviderPendingMonitor>.Instance, EngineLink);
        Engine = new TradingEngine(
            Store,
            Book,
            Options.Create(new TradingOptions { MaxExecutionQuoteAge = TimeSpan.FromMinutes(1) }),
            TimeProvider.System,
            NullLogger<TradingEngine>.Instance,
            observers: [PendingMonitor],
            provider: EngineLink);
        IProviderExecution engineExecution = Relay?.Noting(Engine) ?? Engine;
        _run = Task.Run(() => Link.RunAsync(execution?.Invoke(engineExecution) ?? engineExecution, _stop.Token));
        _relayRun = Relay is null ? Task.CompletedTask : Task.Run(() => Relay.RunAsync(_stop.Token));
    }

    public ITradingStore Store { get; }

    /// <summary>The provider-routed account the desk places for.</summary>
    public AccountId Trader { get; }

    /// <summary>The seed's groups, and the trader's account unless the store holds it (a restart on the same store).</summary>
    private static void Seed(ITradingStore store, AccountId trader)
    {
        TradingSeeder.ApplyAsync(TradingSeed.Embedded(), store, default).GetAwaiter().GetResult();
        if (store.ReadAccountAsync(trader, default).GetAwaiter().GetResult() is null)
        {
            store.PutAccountAsync(new TradingAccount { Id = trader, WalletBalance = 1_000_000m, Leverage = 100m, Group = "Standard", Route = ExecutionRoute.Provider }, default).GetAwaiter().GetResult();
        }
    }

    public PriceBook Book { get; }

    public TradingEngine Engine { get; }

    public ProviderConnectionManager Link { get; }

    /// <summary>The link the engine sends on: <see cref="Link"/>, or what the desk was started with around it (a cluster's link).</summary>
    public IProviderLink EngineLink { get; }

    /// <summary>The consumer of requests relayed by other instances, when the desk holds a cluster's provider link.</summary>
    public ProviderRelayConsumer? Relay { get; }

    /// <summary>Told of the engine's commits always; checks margins only once <see cref="StartPendingMonitor"/> is called.</summary>
    public ProviderPendingMonitor PendingMonitor { get; }

    /// <summary>Runs the pending monitor on its <c>PendingCheckInterval</c> until the desk is disposed.</summary>
    public void StartPendingMonitor() => _monitor = Task.Run(() => PendingMonitor.RunAsync(Engine, _stop.Token));

    /// <summary>
    /// Starts the link to <paramref name="gateway"/> with short reconnect delays unless <paramref name="configure"/> says
    /// otherwise; <paramref name="engineLink"/> puts a link around the connection manager for the engine, and
    /// <paramref name="relay"/> runs a relay consumer on the manager.
    /// </summary>
    public static ProviderDesk Start(
        IPEndPoint gateway,
        Action<ProviderLinkOptions>? configure = null,
        TimeProvider? linkTime = null,
        Func<IProviderExecution, IProviderExecution>? execution = null,
        ITradingStore? store = null,
        AccountId? trader = null,
        Func<ProviderConnectionManager, IProviderLink>? engineLink = null,
        Func<ProviderConnectionManager, ProviderRelayConsumer>? relay = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var options = new ProviderLinkOptions
        {
            Enabled = true,
            Host = gateway.Address.ToString(),
            Port = gateway.Port,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return new ProviderDesk(options, linkTime ?? TimeProvider.System, execution, store, trader, engineLink, relay);
    }

    /// <summary>Prices a symbol in the engine's book (the gateway is priced apart); a big move is repeated until the book takes the gap.</summary>
    public void Price(string symbol, decimal bid, decimal ask)
    {
        // Each repeat a tick on, as the book wants newer quotes.
        var at = TimeProvider.System.GetUtcNow();
        var outcome = PriceApplyOutcome.Rejected;
        for (var i = 0; i <= SymbolDefaults.JumpConfirmations && outcome != PriceApplyOutcome.Accepted; i++)
        {
            outcome = Book.Apply(new PriceUpdate { Symbol = symbol, Bid = bid, Ask = ask, Feed = "json", ReceivedAt = at.AddTicks(i) }).Outcome;
        }
    }

    public Task WhenConnectedAsync() => Eventually.UntilAsync(() => Link.IsConnected, "the provider link is connected");

    public Task<OrderOutcome> Place(OrderType type, decimal volume = 1m, string symbol = "EURUSD", decimal? price = null) =>
        Engine.PlaceAsync(
            new PlaceOrder { Account = Trader, Symbol = symbol, Type = type, Volume = volume, Price = price, IdempotencyKey = "k" + Interlocked.Increment(ref _keys) },
            default);

    public async Task<Order> OrderAsync(string id) => (await Store.ReadOrderAsync(Trader, id, default))!;

    /// <summary>How many outbox events of <paramref name="kind"/> the account's orders have.</summary>
    public int Events(string kind) =>
        Store is InMemoryTradingStore memory ? memory.Outbox(Trader).Count(e => e.Event.Kind == kind) : throw new NotSupportedException("The outbox is read from the in-memory store only.");

    /// <summary>Waits until none of the account's orders awaits the provider.</summary>
    public Task WhenSettledAsync(TimeSpan? timeout = null) => Eventually.UntilAsync(
        async () => (await Store.ReadAccountAsync(Trader, default))!.ActiveOrders.All(o => !ProviderRequests.AwaitsAnswer(o)),
        "every order has its answer from the provider",
        timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _run;
            await _monitor;
            try
            {
                await _relayRun;
            }
            catch (OperationCanceledException)
            {
                // The relay consumer ends with the stop's cancellation, as a supervised service does.
            }

            Relay?.Dispose();
        }
    }
}
