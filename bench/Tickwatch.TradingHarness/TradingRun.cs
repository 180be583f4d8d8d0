using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tickwatch.BenchSupport;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.TradingHarness;

/// <summary>
/// One run: the cluster (for Redis), the quote hub here and the market service in its own process, the book made, then
/// a measured window per price rate, a last window with the order load, the stored portfolios read back, and the report.
/// </summary>
internal static class TradingRun
{
    private const string FeedName = "binary";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(HarnessSettings settings)
    {
        Console.WriteLine(Invariant($"Trading harness: {settings.Accounts:N0} accounts x {settings.Positions} positions of {settings.Volume} lots, store {settings.Store.ToString().ToLowerInvariant()}, price rates {string.Join(", ", settings.Rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} updates/s, {settings.Seconds} s windows after {settings.WarmupSeconds} s of warm-up, a sample every {settings.SampleEveryMs} ms"));
        Console.WriteLine(Invariant($"Orders: {(settings.OrdersPerSecond == 0 ? "none" : $"{settings.OrdersPerSecond:N0}/s ({settings.OrderMix.ToString().ToLowerInvariant()}) for {settings.OrderSeconds} s")}; market settings passed: {settings.MarketArguments}"));
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {ProcFiles.LoadAverage()}");

        var cluster = settings.Store == StoreKind.Redis && settings.Seeds is null ? new RedisClusterScript(settings.ClusterPort, settings.ClusterDirectory) : null;
        var seeds = settings.Seeds ?? cluster?.Seeds;
        if (cluster is not null)
        {
            Console.WriteLine($"Starting a dedicated cluster on {seeds} in {settings.ClusterDirectory}");
            await cluster.StartAsync();
        }

        try
        {
            return await RunWithStoreAsync(settings, settings.Store == StoreKind.Redis ? seeds : null);
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.StopAsync();
            }
        }
    }

    private static async Task<int> RunWithStoreAsync(HarnessSettings settings, string? seeds)
    {
        using var hubLogs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var hubOptions = new QuoteHubOptions
        {
            Port = 0,
            Seed = 13,
            RateMultiplier = 0,
            SlowClientPolicy = SlowClientPolicy.Backpressure,
            Feeds = [new QuoteHubFeedOptions { Name = FeedName, Protocol = FeedProtocol.Protobuf, Path = "/ws/binary" }],
        };
        await using var hub = QuoteHubHost.Build(hubOptions, loggerFactory: hubLogs);
        await hub.StartAsync();
        var engine = QuoteHubHost.GetEngine(hub);
        engine.SetTargetUpdatesPerSecond(settings.Rates[0]);
        Console.WriteLine($"Quote hub in this process: {engine.Symbols.Count} symbols, one zlib-protobuf feed at {QuoteHubHost.GetFeedAddress(hub, FeedName)}, backpressure");

        var marketSettings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Market:Port"] = "0",
            ["Feeds:0:Name"] = FeedName,
            ["Feeds:0:Protocol"] = nameof(FeedProtocol.Protobuf),
            ["Feeds:0:Url"] = QuoteHubHost.GetFeedAddress(hub, FeedName).ToString(),
        };
        if (seeds is not null)
        {
            marketSettings["Redis:Configuration"] = seeds;
        }

        // The ledger of the run's own: a fresh SQLite file (never the working folder's), or the PostgreSQL given.
        var ledgerFolder = settings.Ledger == LedgerKind.Sqlite ? Directory.CreateTempSubdirectory("tickwatch-harness-ledger-") : null;
        marketSettings["Ledger:Enabled"] = settings.Ledger == LedgerKind.Off ? "false" : "true";
        if (ledgerFolder is not null)
        {
            marketSettings["Ledger:Provider"] = "sqlite";
            marketSettings["Ledger:Path"] = Path.Combine(ledgerFolder.FullName, "ledger.db");
        }
        else if (settings.Ledger == LedgerKind.PostgreSql)
        {
            marketSettings["Ledger:Provider"] = "postgresql";
            marketSettings["Ledger:ConnectionString"] = settings.LedgerConnection!;
        }

        foreach (var (key, value) in settings.MarketSettings)
        {
            marketSettings[key] = value;
        }

        try
        {
            return await RunWithMarketAsync(settings, seeds, hub, engine, marketSettings);
        }
        finally
        {
            ledgerFolder?.Delete(recursive: true);
        }
    }

    private static async Task<int> RunWithMarketAsync(
        HarnessSettings settings, string? seeds, Microsoft.AspNetCore.Builder.WebApplication hub, QuoteHubEngine engine, Dictionary<string, string> marketSettings)
    {
        await using var market = ServeProcess.Start("market", marketSettings, settings.MarketEnvironment);
        var baseAddress = await market.Ready.WaitAsync(TimeSpan.FromSeconds(120));
        Console.WriteLine($"Market process {market.Id} listening on {baseAddress}{(seeds is null ? ", stores in memory" : $", stores on the cluster {seeds}")}");
        await using var rss = new ResidentSampler(market.Id);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(300),
        };

        await WaitForAsync("every symbol's price to be usable", TimeSpan.FromSeconds(60), async () =>
        {
            var prices = await http.GetFromJsonAsync<JsonElement>(new Uri("/bench/prices", UriKind.Relative));
            return prices.GetProperty("usable").GetInt32() == prices.GetProperty("symbols").GetInt32();
        });
        var rssIdle = rss.CurrentBytes;

        using var setupResponse = await http.PostAsync(new Uri(Invariant($"/bench/setup?accounts={settings.Accounts}&positions={settings.Positions}&volume={settings.Volume}"), UriKind.Relative), null);
        setupResponse.EnsureSuccessStatusCode();
        var setup = (await setupResponse.Content.ReadFromJsonAsync<SetupReply>(Json))!;
        Console.WriteLine(Invariant($"Book made through the engine in {setup.Seconds:0.0} s: {setup.Accounts:N0} accounts, {setup.Positions:N0} positions over {setup.Symbols} symbols ({setup.FewestHolders}–{setup.MostHolders} holders per symbol); refused {(setup.Refusals.Count == 0 ? "none" : string.Join(", ", setup.Refusals.Select(r => $"{r.Key} {r.Value}")))}"));
        await WaitForAsync("the portfolio calculator to value every account", TimeSpan.FromSeconds(300), async () =>
        {
            var figures = await ReadCalculatorAsync(http);
            return figures.AccountsTracked >= settings.Accounts && figures.Degraded == 0 && figures.Recomputes >= settings.Accounts;
        });
        Console.WriteLine($"Market RSS idle {PhaseResult.Mb(rssIdle)}, with the book {PhaseResult.Mb(rss.CurrentBytes)}");

        await using var announcements = seeds is null ? null : await AnnouncementCounter.StartAsync(seeds);
        var clusterCpu = seeds is null ? null : new ClusterCpu([.. seeds.Split(',').Select(s => int.Parse(s.Split(':')[1], CultureInfo.InvariantCulture))]);
        var symbols = (await http.GetFromJsonAsync<JsonElement>(new Uri("/api/trading/groups", UriKind.Relative)))
            .GetProperty(BookSetup.Group).EnumerateArray().Select(t => t.GetProperty("symbol").GetString()!).ToArray();
        var phases = new List<PhaseResult>();
        var context = new PhaseContext(settings, http, engine, market.Id, rss, announcements, clusterCpu);
        foreach (var rate in settings.Rates)
        {
            engine.SetTargetUpdatesPerSecond(rate);
            await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds));
            var phase = await MeasureAsync(context, rate, null);
            phase.Print();
            phases.Add(phase);
        }

        if (settings.OrdersPerSecond > 0)
        {
            var load = new OrderLoad(http, symbols, settings.Accounts, 0.01m, settings.OrderMix);
            if (settings.Ledger != LedgerKind.Off)
            {
                // The order phase measures the writer keeping up, not it catching up with the book made before.
                var (drained, written) = await LedgerSampler.DrainAsync(http, TimeSpan.FromSeconds(600));
                Console.WriteLine(Invariant($"Ledger: the book's changes written before the order phase ({written:N0} events in the last {(drained is { } d ? $"{d:0.0} s" : "600 s, not drained")})"));
            }

            var ledger = settings.Ledger == LedgerKind.Off ? null : await LedgerSampler.StartAsync(http, TimeSpan.FromMilliseconds(100));
            var phase = await MeasureAsync(context, settings.Rates[^1], load);
            var ledgerFigures = ledger is null ? null : await ledger.StopAsync(TimeSpan.FromSeconds(120));
            phase.Print();
            ledgerFigures?.Print(settings.Ledger.ToString().ToLowerInvariant(), phase.Window);
            phases.Add(phase);
            if (settings.Forensics > 0)
            {
                (await ForensicsProbe.RunAsync(http, load.Placed, settings.Forensics)).Print();
            }

            Console.WriteLine($"Closed the {await load.CloseRemainingAsync()} positions the order phase left open");
        }

        var readBack = (await http.GetFromJsonAsync<ReadBackFigures>(
            new Uri(Invariant($"/bench/read-back?count={settings.ReadBack}&accounts={settings.Accounts}"), UriKind.Relative), Json))!;
        Console.WriteLine();
        Console.WriteLine(Invariant($"Read back from the store while prices run: {readBack.Read} portfolios; missing {readBack.Missing}, degraded {readBack.Degraded}, without margin level {readBack.WithoutMarginLevel}, not naming every held symbol's quote {readBack.WithoutHeldSequence}; age p50 {readBack.AgeP50Ms:0} ms, max {readBack.AgeMaxMs:0} ms"));
        Console.WriteLine(Invariant($"Market RSS peak of the run {PhaseResult.Mb(rss.PeakBytes)} (target ≤ 512 MB: {(rss.PeakBytes <= 512L * 1024 * 1024 ? "met" : "missed")})"));
        Console.WriteLine();
        Console.WriteLine(PhaseResult.TableHeader);
        foreach (var phase in phases)
        {
            Console.WriteLine(phase.TableRow());
        }

        engine.SetRateMultiplier(0);
        return readBack.Passed && phases.All(p => p.Watch.Unfinished == 0) ? 0 : 1;
    }

    private static async Task<PhaseResult> MeasureAsync(PhaseContext context, int rate, OrderLoad? orders)
    {
        var (settings, http, engine) = (context.Settings, context.Http, context.Hub);
        var loadBefore = ProcFiles.LoadAverage();
        var before = await ReadCalculatorAsync(http);
        var hubBefore = HubUpdates(engine);
        var heardBefore = context.Announcements?.Heard;
        var marketCpuBefore = ProcFiles.ProcessCpu(context.MarketId);
        var harnessCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var redisBefore = context.ClusterCpu?.Sample();
        var machineBefore = ProcFiles.MachineBusy();
        (await http.PostAsync(new Uri(Invariant($"/bench/watch/start?everyMs={settings.SampleEveryMs}"), UriKind.Relative), null)).EnsureSuccessStatusCode();
        var started = Stopwatch.GetTimestamp();
        context.Rss.StartWindow();
        OrderFigures? orderFigures = null;
        if (orders is null)
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.Seconds));
        }
        else
        {
            orderFigures = await orders.RunAsync(settings.OrdersPerSecond, TimeSpan.FromSeconds(settings.OrderSeconds));
        }

        context.Rss.EndWindow();
        var window = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var marketCpu = (ProcFiles.ProcessCpu(context.MarketId) - marketCpuBefore)?.TotalSeconds / window;
        var harnessCpu = (Process.GetCurrentProcess().TotalProcessorTime - harnessCpuBefore).TotalSeconds / window;
        var redisCpu = redisBefore is null ? null : ClusterCpu.Between(redisBefore, context.ClusterCpu!.Sample());
        var machineCpu = (ProcFiles.MachineBusy() - machineBefore)?.TotalSeconds / window;
        var after = await ReadCalculatorAsync(http);
        var hubUpdates = HubUpdates(engine) - hubBefore;
        var heard = context.Announcements?.Heard - heardBefore;
        var loadAfter = ProcFiles.LoadAverage();
        using var stopped = await http.PostAsync(new Uri(Invariant($"/bench/watch/stop?settleSeconds={settings.SettleSeconds}"), UriKind.Relative), null);
        stopped.EnsureSuccessStatusCode();
        var watch = (await stopped.Content.ReadFromJsonAsync<WatchFigures>(Json))!;
        var (rssMean, rssMax) = context.Rss.Window();
        return new PhaseResult
        {
            Store = settings.Store,
            Rate = rate,
            OrderRate = orders is null ? 0 : settings.OrdersPerSecond,
            Window = window,
            HubUpdates = hubUpdates,
            Before = before,
            After = after,
            Watch = watch,
            Announcements = heard,
            MarketCpu = marketCpu,
            HarnessCpu = harnessCpu,
            RedisCpu = redisCpu?.Values.Sum(t => t.TotalSeconds) / window,
            RedisCpuByPort = redisCpu?.ToDictionary(p => p.Key, p => p.Value.TotalSeconds / window) ?? [],
            MachineCpu = machineCpu,
            RssMean = rssMean,
            RssWindowMax = rssMax,
            RssPeak = context.Rss.PeakBytes,
            LoadBefore = loadBefore,
            LoadAfter = loadAfter,
            Orders = orderFigures,
        };
    }

    private static long HubUpdates(QuoteHubEngine engine) => engine.GetStatus().Feeds.Sum(f => f.UpdatesSent);

    private static async Task<CalculatorFigures> ReadCalculatorAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<CalculatorFigures>(new Uri("/bench/calculator", UriKind.Relative), Json))!;

    private static async Task WaitForAsync(string what, TimeSpan limit, Func<Task<bool>> condition)
    {
        var waiting = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waiting.Elapsed > limit)
            {
                throw new TimeoutException($"Gave up after {limit.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(250);
        }

        Console.WriteLine($"Waited {waiting.Elapsed.TotalSeconds:0.0} s for {what}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What every window reads from.</summary>
    private sealed record PhaseContext(
        HarnessSettings Settings, HttpClient Http, QuoteHubEngine Hub, int MarketId, ResidentSampler Rss, AnnouncementCounter? Announcements, ClusterCpu? ClusterCpu);
}
