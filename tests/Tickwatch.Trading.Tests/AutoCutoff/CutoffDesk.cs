using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.AutoCutoff;

/// <summary>
/// A trading desk for AutoCutoff on fake time: one store (in memory unless given), engines each with its own price book,
/// and watchers on them. Alice (10,000 USD, 1:100) buys 1 lot EURUSD at 1.08525 (margin 1,085.25) and 1 lot GBPUSD at
/// 1.27025 (margin 1,270.25); <see cref="Equity"/> moves EURUSD to put her at the margin level wanted.
/// </summary>
internal sealed class CutoffDesk : IAsyncDisposable
{
    public static readonly AccountId Alice = new(UserType.Live, 42);

    private readonly List<(AutoCutoffWatcher Watcher, Task Run)> _running = [];
    private readonly CancellationTokenSource _stop = new();
    private int _keys;

    public CutoffDesk(ITradingStore? store = null, int engines = 1, IProviderLink? provider = null)
    {
        Store = store ?? new InMemoryTradingStore(Time);
        for (var i = 0; i < engines; i++)
        {
            var book = new PriceBook(TradingDesk.StandardSymbols(), Time);
            Books.Add(book);
            Engines.Add(new TradingEngine(Store, book, Options.Create(new TradingOptions()), Time, NullLogger<TradingEngine>.Instance, provider: provider));
        }
    }

    /// <summary>The group the desk's accounts trade in (its own on a shared store, so other tests' terms are untouched).</summary>
    public string Group { get; init; } = "Standard";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    public ITradingStore Store { get; }

    public IAutoCutoffLocks Locks => (IAutoCutoffLocks)Store;

    public List<PriceBook> Books { get; } = [];

    public List<TradingEngine> Engines { get; } = [];

    public TradingEngine Engine => Engines[0];

    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), "tickwatch-mail-" + Guid.NewGuid().ToString("N"));

    public CapturingLoggerProvider Logs { get; } = new();

    public string EurUsd { get; private set; } = "";

    public string GbpUsd { get; private set; } = "";

    /// <summary>Alice with her two positions, at a margin level of about 424 %; routed to the provider, each filled by its report at the price a local fill takes.</summary>
    public async Task OpenAsync(AccountId? account = null, string? email = "alice@example.com", ExecutionRoute route = ExecutionRoute.Local)
    {
        var id = account ?? Alice;
        await Store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = 10_000m, Leverage = 100m, Group = Group, Email = email, Route = route }, default);
        TradingDesk.PutFxTerms(Store, Group, ("EURUSD", "USD", 0.0001m), ("GBPUSD", "USD", 0.0001m));
        Price("EURUSD", 1.08500m, 1.08520m);
        Price("GBPUSD", 1.27000m, 1.27020m);
        EurUsd = (await PlaceAsync(id, "EURUSD")).Id;
        GbpUsd = (await PlaceAsync(id, "GBPUSD")).Id;
        if (route == ExecutionRoute.Provider)
        {
            await FillAsync(id, EurUsd, 1.08525m);
            await FillAsync(id, GbpUsd, 1.27025m);
        }
    }

    /// <summary>Applies the provider's EXECUTED report of the order's new order (<paramref name="clientOrderId"/> unless told) at <paramref name="price"/>.</summary>
    public async Task FillAsync(AccountId account, string orderId, decimal price, string? clientOrderId = null)
    {
        var order = (await Store.ReadOrderAsync(account, orderId, default))!;
        var report = new ExecutionReport
        {
            ReportId = "r" + Interlocked.Increment(ref _keys),
            ClientOrderId = clientOrderId ?? ProviderRequests.NewOrderId(orderId),
            OrderId = orderId,
            Account = account,
            Symbol = order.Symbol,
            Status = ProviderOrderStatus.Executed,
            Side = order.Side,
            CumulativeQuantity = order.Volume,
            AveragePrice = price,
            TransactTime = Time.GetUtcNow(),
        };
        var applied = await Engine.ApplyReportAsync(report, default);
        if (applied.Outcome != ProviderReportOutcome.Applied)
        {
            throw new InvalidOperationException($"The report of {orderId} was not applied: {applied.Outcome}.");
        }
    }

    /// <summary>
    /// Moves GBPUSD to lose 530 and EURUSD so that equity is <paramref name="equity"/> (used margin stays 2,355.50):
    /// 180 puts Alice at 7.64 % (below 10 %: a stop-out; closing EURUSD alone leaves 180 / 1,270.25 = 14.17 %), 600 at 25.47 % (a margin call).
    /// </summary>
    public void Equity(decimal equity)
    {
        Price("GBPUSD", 1.26500m, 1.26520m);

        // 10,000 − 14 commission − 530 on GBPUSD − the EURUSD loss = equity; a buy closes at bid − 0.00005.
        var loss = 10_000m - 14m - 530m - equity;
        var bid = 1.08525m - (loss / 100_000m) + 0.00005m;
        Price("EURUSD", bid, bid + 0.00020m);
    }

    /// <summary>Applies a quote to every engine's book, received a millisecond from now.</summary>
    public void Price(string symbol, decimal bid, decimal ask)
    {
        foreach (var book in Books)
        {
            // A big move is a gap the book takes once it repeats (a bad tick does not); each a millisecond on, as the book wants newer quotes.
            var outcome = PriceApplyOutcome.Rejected;
            for (var i = 0; i <= SymbolDefaults.JumpConfirmations && outcome != PriceApplyOutcome.Accepted; i++)
            {
                Time.Advance(TimeSpan.FromMilliseconds(1));
                outcome = book.Apply(new PriceUpdate { Symbol = symbol, Bid = bid, Ask = ask, Feed = "json", ReceivedAt = Time.GetUtcNow() }).Outcome;
            }

            if (outcome != PriceApplyOutcome.Accepted)
            {
                throw new InvalidOperationException($"The book refused {symbol} {bid}/{ask}: {outcome}.");
            }
        }
    }

    /// <summary>Alice's portfolio as the calculator would write it now, on the first engine's prices.</summary>
    public async Task<(AccountPortfolio Portfolio, TradingAccount Account)> PortfolioAsync(AccountId? account = null)
    {
        var (state, valuation) = (await Engine.ValueAsync(account ?? Alice, default))!.Value;
        var sequences = valuation.Positions.ToDictionary(p => p.Symbol, p => p.BookSequence, StringComparer.Ordinal);
        return (AccountPortfolio.Of(state.Account.Id, valuation, Time.GetUtcNow(), sequences), state.Account);
    }

    /// <summary>A watcher on engine <paramref name="engine"/>, running; its mail goes to <see cref="MailFolder"/> unless <paramref name="delivery"/> is given.</summary>
    public AutoCutoffWatcher Watcher(int engine = 0, string? owner = null, IMarginCallDelivery? delivery = null, PortfolioCalculator? calculator = null, TimeSpan? lockTtl = null)
    {
        var options = Options.Create(new AutoCutoffOptions { Owner = owner ?? "watcher" + engine, MailRetryDelay = TimeSpan.Zero, LockTtl = lockTtl ?? TimeSpan.FromSeconds(10) });
        var mailer = new MarginCallMailer(delivery ?? new FolderMarginCallDelivery(MailFolder), options, Time, Logs.CreateFactory().CreateLogger<MarginCallMailer>());
        var watcher = new AutoCutoffWatcher(Store, Locks, Engines[engine], mailer, options, Time, Logs.CreateFactory().CreateLogger<AutoCutoffWatcher>(), calculator);
        _running.Add((watcher, watcher.RunAsync(_stop.Token)));
        return watcher;
    }

    /// <summary>Tells <paramref name="watcher"/> of Alice's portfolio now and waits until it has acted.</summary>
    public async Task FeedAsync(AutoCutoffWatcher watcher, AccountId? account = null, Func<AccountPortfolio, AccountPortfolio>? change = null)
    {
        var (portfolio, config) = await PortfolioAsync(account);
        watcher.OnPortfolio(change?.Invoke(portfolio) ?? portfolio, config, Time.GetUtcNow());
        await Settled(watcher);
    }

    public static Task Settled(AutoCutoffWatcher watcher) => Eventually.UntilAsync(() => watcher.IsIdle, "the watcher is idle");

    public string[] Mails() => Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml") : [];

    public async Task<Order> OrderAsync(string id, AccountId? account = null) => (await Store.ReadOrderAsync(account ?? Alice, id, default))!;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (watcher, run) in _running)
        {
            await run;
            watcher.Dispose();
        }

        _stop.Dispose();
        if (Directory.Exists(MailFolder))
        {
            Directory.Delete(MailFolder, recursive: true);
        }
    }

    private async Task<Order> PlaceAsync(AccountId account, string symbol)
    {
        var outcome = await Engine.PlaceAsync(
            new PlaceOrder { Account = account, Symbol = symbol, Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "k" + Interlocked.Increment(ref _keys) }, default);
        return outcome.Order ?? throw new InvalidOperationException($"{symbol}: {outcome.Refusal} {outcome.Detail}");
    }
}
