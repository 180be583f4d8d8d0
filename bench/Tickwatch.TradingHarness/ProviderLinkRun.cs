using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;
using static System.FormattableString;

namespace Tickwatch.TradingHarness;

/// <summary>
/// Issue 15's link figure ("at least 5,000 orders/s with reports applied"): market orders of provider-routed accounts
/// through the engine (in-memory store), the real connection manager, loopback TCP and the real execution gateway
/// (in process), each EXECUTED report applied in its account's commit. Prints orders/s and placement-to-applied latency.
/// </summary>
internal static class ProviderLinkRun
{
    public const string Usage = """
        dotnet run -c Release --project bench/Tickwatch.TradingHarness -- --provider-link [options]
          --orders 50000        market orders placed (0.01 lots of EURUSD), each filled by the gateway and its report applied
          --accounts 500        provider-routed accounts the orders are spread over (one order at a time per account)
          --warmup 2000         orders placed and applied first, not measured
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var values = HarnessArguments.Parse(args, ["orders", "accounts", "warmup"], Usage);
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var (orders, accounts, warmup) = (Int("orders", 50_000), Int("accounts", 500), Int("warmup", 2_000));
        Console.WriteLine(Invariant($"Provider link: {orders:N0} market orders over {accounts:N0} provider-routed accounts (in-memory store), {warmup:N0} first unmeasured"));
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {ProcFiles.LoadAverage()}");

        var gatewayOptions = new ExecGatewayOptions { Port = 0, ControlPort = 0, Seed = 7, MaxRememberedRequests = 10_000_000 };
        gatewayOptions.PriceFeed.Url = null;
        await using var gateway = ExecGatewayHost.Build(gatewayOptions, null, NullLoggerFactory.Instance);
        await gateway.StartAsync();
        ExecGatewayHost.GetPriceBook(gateway).Set("EURUSD", 1.08400m, 1.08412m);

        var store = new InMemoryTradingStore(TimeProvider.System);
        await TradingSeeder.ApplyAsync(TradingSeed.Embedded(), store, default);
        var ids = Enumerable.Range(1, accounts).Select(i => new AccountId(UserType.Live, 700_000 + i)).ToArray();
        foreach (var id in ids)
        {
            await store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = 10_000_000m, Leverage = 100m, Group = "Standard", Route = ExecutionRoute.Provider }, default);
        }

        var age = TimeSpan.FromHours(1);
        var book = new PriceBook(new SymbolRegistry(StandardInstruments.All.Select(i => SymbolDefaults.For(i.Symbol, i.Kind, age)), s => SymbolDefaults.For(s, null, age), acceptUnlisted: false), TimeProvider.System);
        book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = 1.08400m, Ask = 1.08412m, Feed = "bench", ReceivedAt = TimeProvider.System.GetUtcNow() });
        var endpoint = ExecGatewayHost.GetLinkEndPoint(gateway);
        var link = new ProviderConnectionManager(
            Options.Create(new ProviderLinkOptions { Enabled = true, Host = endpoint.Address.ToString(), Port = endpoint.Port, SendQueueCapacity = 1_000_000 }),
            TimeProvider.System,
            NullLogger<ProviderConnectionManager>.Instance);
        var engine = new TradingEngine(store, book, Options.Create(new TradingOptions { MaxExecutionQuoteAge = TimeSpan.FromMinutes(10) }), TimeProvider.System, NullLogger<TradingEngine>.Instance, provider: link);
        var applied = new ConcurrentDictionary<string, TaskCompletionSource<long>>(StringComparer.Ordinal);
        link.ReportHandled += (report, result) =>
        {
            if (result.Outcome == ProviderReportOutcome.Applied && report.Status == ProviderOrderStatus.Executed)
            {
                Waiter(applied, report.OrderId).TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => link.RunAsync(engine, stop.Token));
        while (!link.IsConnected)
        {
            await Task.Delay(10);
        }

        await PlaceAsync(engine, ids, warmup, applied, null);
        var latency = new LatencyHistogram();
        var started = Stopwatch.GetTimestamp();
        var placed = await PlaceAsync(engine, ids, orders, applied, latency);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var snapshot = link.Snapshot();
        await stop.CancelAsync();
        await running;
        await gateway.StopAsync();

        Console.WriteLine(Invariant($"Placed and applied {placed:N0} orders in {elapsed.TotalSeconds:0.00} s: {placed / elapsed.TotalSeconds:N0} orders/s with reports applied"));
        Console.WriteLine(Invariant($"Placement to report applied: p50 {latency.Percentile(50):0.00} ms, p99 {latency.Percentile(99):0.00} ms, max {latency.MaxMilliseconds:0.00} ms (n = {latency.Count:N0})"));
        Console.WriteLine(Invariant($"Report apply (read, decide, commit) on the link: p50 {snapshot.ApplyLatencyP50Ms:0.000} ms, p99 {snapshot.ApplyLatencyP99Ms:0.000} ms; refused {snapshot.Refused}, duplicates {snapshot.DuplicatesIgnored}, frame errors {snapshot.FrameErrors.Values.Sum()}"));
        return placed == orders ? 0 : 1;
    }

    /// <summary>Places <paramref name="count"/> orders, one at a time per account and all accounts at once, each waiting for its report; returns how many were applied.</summary>
    private static async Task<int> PlaceAsync(
        TradingEngine engine, AccountId[] ids, int count, ConcurrentDictionary<string, TaskCompletionSource<long>> applied, LatencyHistogram? latency)
    {
        var next = -1;
        var done = 0;
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var start = Stopwatch.GetTimestamp();
                var outcome = await engine.PlaceAsync(
                    new PlaceOrder { Account = id, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 0.01m, IdempotencyKey = Guid.NewGuid().ToString("N") }, default);
                if (outcome.Order is not { } order)
                {
                    Console.Error.WriteLine($"Refused: {outcome.Refusal} {outcome.Detail}");
                    continue;
                }

                // The next order of this account waits for this one's report: the engine's commit per account is the bottleneck it measures.
                var at = await Waiter(applied, order.Id).Task.ConfigureAwait(false);
                applied.TryRemove(order.Id, out _);

                latency?.Record(Stopwatch.GetElapsedTime(start, at));
                Interlocked.Increment(ref done);
            }
        })));
        return done;
    }

    /// <summary>The order's completion, made by whichever comes first: its report or its placement's answer.</summary>
    private static TaskCompletionSource<long> Waiter(ConcurrentDictionary<string, TaskCompletionSource<long>> applied, string orderId) =>
        applied.GetOrAdd(orderId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
}
