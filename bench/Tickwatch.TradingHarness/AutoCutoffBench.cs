using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.TradingHarness;

/// <summary>
/// Issue 15's AutoCutoff figure, in process on the embedded stores: 10,000 accounts each holding 1 lot EURUSD at 1:1000,
/// funded so that their liquidation prices are spread a tick apart; the price steps down and each step breaches the next
/// accounts. Measured per breached account: from the step's quote (received) to its first stop-out close committed,
/// through the real portfolio calculator (revaluing every holder on each step) and the watcher.
/// </summary>
internal static class AutoCutoffBench
{
    public const string Usage = """
        dotnet run -c Release --project bench/Tickwatch.TradingHarness -- --autocutoff [accounts] [per-step] [steps]
          accounts   10000   accounts watched (all revalued on every step), each 1 lot EURUSD BUY at 1:1000
          per-step   1       accounts each price step breaches (the step is 0.0001 on EURUSD)
          steps      500     price steps measured
        """;

    private const decimal Open = 1.08525m;
    private const decimal FirstBid = 1.08000m;

    public static async Task<int> RunAsync(string[] args)
    {
        var accounts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var perStep = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var maxSteps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        var time = TimeProvider.System;
        var store = new InMemoryTradingStore(time);
        var symbols = new SymbolRegistry(
            StandardInstruments.All.Select(i => SymbolDefaults.For(i.Symbol, i.Kind, TimeSpan.FromSeconds(10))),
            s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)),
            acceptUnlisted: false);
        var book = new PriceBook(symbols, time);
        var options = Options.Create(new TradingOptions());
        var calculator = new PortfolioCalculator(store, new InMemoryPortfolioStore(), book, options, time, NullLogger<PortfolioCalculator>.Instance);
        var engine = new TradingEngine(store, book, options, time, NullLogger<TradingEngine>.Instance, [calculator]);
        await store.PutTermsAsync(
            new GroupSymbolTerms
            {
                Group = "Standard",
                Symbol = "EURUSD",
                Spread = 1m,
                SpreadPip = 0.0001m,
                ContractSize = 100_000m,
                ProfitCurrency = "USD",
                InstrumentType = InstrumentKind.Forex,
                CommissionPerLot = 7m,
            },
            default);
        Apply(book, time, FirstBid + 0.00500m);

        // Account i is liquidated (equity under 10 % of its 108.525 margin) once the bid falls below FirstBid − step(i) × 0.0001.
        Console.WriteLine($"Seeding {accounts} accounts...");
        var setup = Stopwatch.StartNew();
        for (var i = 0; i < accounts; i++)
        {
            if (i % 200 == 0)
            {
                // Fresh for the engine's execution age (the seeding takes a few seconds).
                Apply(book, time, FirstBid + 0.00500m + ((i / 200 % 2) * 0.00001m));
            }

            var id = new AccountId(UserType.Live, 1_000_000 + i);
            var bid = FirstBid - ((i / perStep) * 0.0001m) - 0.00001m;
            var balance = Math.Round(10.85m + 7m - ((bid - 0.00005m - Open) * 100_000m), 2);
            await store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = balance, Leverage = 1_000m, Group = "Standard" }, default);
            var placed = await engine.PlaceAsync(new PlaceOrder { Account = id, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "seed" }, default);
            if (placed.Refusal is { } refused)
            {
                Console.Error.WriteLine($"{id}: {TradingWire.Of(refused)} {placed.Detail}");
                return 1;
            }
        }

        Console.WriteLine($"Seeded in {setup.Elapsed.TotalSeconds:0.0} s.");
        using var stop = new CancellationTokenSource();
        var autoCutoff = Options.Create(new AutoCutoffOptions { Owner = "bench", RecentDecisions = 100_000 });
        using var watcher = new AutoCutoffWatcher(
            store, store, engine, new MarginCallMailer(new NoMail(), autoCutoff, time), autoCutoff, time, NullLogger<AutoCutoffWatcher>.Instance, calculator);
        var calculating = calculator.RunAsync(stop.Token);
        var watching = watcher.RunAsync(stop.Token);
        await WaitAsync(() => calculator.IsIdle && watcher.IsIdle, TimeSpan.FromMinutes(2));

        var steps = Math.Min(maxSteps, (accounts + perStep - 1) / perStep);
        var latencies = new List<double>(accounts);
        var firstCloses = new Dictionary<AccountId, DateTimeOffset>();
        var run = Stopwatch.StartNew();
        for (var step = 0; step < steps; step++)
        {
            var closesBefore = watcher.Closes;
            var at = Apply(book, time, FirstBid - (step * 0.0001m) - 0.00003m);
            var expected = Math.Min(perStep, accounts - (step * perStep));
            try
            {
                await WaitAsync(() => watcher.Closes - closesBefore >= expected && watcher.IsIdle && calculator.IsIdle, TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                var report = watcher.Report();
                Console.Error.WriteLine($"step {step}: closes {watcher.Closes - closesBefore} of {expected}; watcher idle {watcher.IsIdle}, calculator idle {calculator.IsIdle}; decisions {string.Join(", ", report.Decisions.Select(d => d.Key + "=" + d.Value))}; held {report.AccountsHeld}: {string.Join("; ", report.Held.Take(3).Select(h => h.Detail))}");
                throw;
            }
            foreach (var record in watcher.Report().Recent.Where(r => r.Decision == AutoCutoffRecord.ClosePosition))
            {
                var id = AccountId.Parse(record.Account);
                if (firstCloses.TryAdd(id, record.At))
                {
                    latencies.Add((record.At - at).TotalMilliseconds);
                }
            }
        }

        var recompute = calculator.GetStatistics().RecomputeLatency;
        await stop.CancelAsync();
        await Task.WhenAll(calculating, watching);
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AutoCutoff: {accounts} accounts watched, {steps} price steps of {perStep} breaches, {watcher.Closes} closes in {run.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"breaching quote -> first close committed (ms): n={latencies.Count} p50={P(0.50):0.00} p90={P(0.90):0.00} p99={P(0.99):0.00} max={P(1.0):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"of which the calculator (quote received -> every holder's portfolio written, last minute): p50={recompute.P50Ms:0.00} p99={recompute.P99Ms:0.00} max={recompute.MaxMs:0.00} ms"));
        var summary = watcher.FirstCloseLatency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watcher's own figure (quote received -> first close, 5 min window): p50={summary.P50Ms:0.00} p99={summary.P99Ms:0.00} max={summary.MaxMs:0.00} ms"));
        return latencies.Count == Math.Min(accounts, steps * perStep) ? 0 : 1;
    }

    private static DateTimeOffset Apply(PriceBook book, TimeProvider time, decimal bid)
    {
        var at = time.GetUtcNow();
        var outcome = PriceApplyOutcome.Rejected;
        for (var i = 0; i <= SymbolDefaults.JumpConfirmations && outcome != PriceApplyOutcome.Accepted; i++)
        {
            at = time.GetUtcNow();
            outcome = book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = bid, Ask = bid + 0.00020m, Feed = "json", ReceivedAt = at }).Outcome;
        }

        return at;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var started = Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > limit)
            {
                throw new TimeoutException("The watcher did not finish the step in time.");
            }

            await Task.Delay(1);
        }
    }

    /// <summary>No e-mail in the measurement: the accounts have no address anyway.</summary>
    private sealed class NoMail : IMarginCallDelivery
    {
        public string Destination => "none";

        public bool IsFolder => true;

        public Task<string> DeliverAsync(MimeMessage message, CancellationToken cancellationToken) => Task.FromResult("none");
    }
}
