using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using Tickwatch.BenchSupport;
using Tickwatch.Storage;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;
using Tickwatch.StoreHarness;

// Offers quotes at fixed rates over many symbols to the store writer against a Redis Cluster and reports, per rate:
// offered rate, writes/s, tick-to-store latency, the final state, CPU of the harness and of every node, load average.
// Options: see HarnessSettings.Usage (--help). Without --seeds it starts its own cluster and stops it at the end.
if (args.Contains("--help"))
{
    Console.WriteLine(HarnessSettings.Usage);
    return;
}

var settings = HarnessSettings.Parse(args);
var ownCluster = settings.Seeds is null;
var cluster = new RedisClusterScript(settings.ClusterPort, settings.ClusterDirectory);
var seeds = settings.Seeds ?? cluster.Seeds;
Console.WriteLine($"Store harness: {settings.Symbols} symbols, {settings.Feeds} feed thread(s), {settings.Seconds} s per rate after {settings.WarmupSeconds} s of warm-up, batches of {settings.BatchSize} x {settings.ConcurrentBatches} in flight, {RedisPriceStore.PricesPerCall} prices per script call, announcing {settings.Announcing}");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");
if (ownCluster)
{
    Console.WriteLine($"Starting a dedicated cluster on {seeds} in {settings.ClusterDirectory}");
    await cluster.StartAsync();
}

var reports = new List<PhaseReport>();
string? raw = null;
try
{
    if (settings.RawBenchmark)
    {
        var rawLoad = LoadAverage();
        var limit = await MachineLimits.RedisHsetAsync(seeds, 2_000_000, default);
        Console.WriteLine();
        Console.WriteLine("Raw cluster figure: " + limit.CommandLine);
        Console.WriteLine(limit.Output);

        // The measured limit with the cluster's CPU per HSET, for the summary.
        raw = $"{limit} (load average {rawLoad} before, {LoadAverage()} after)";
    }

    var time = TimeProvider.System;
    var redisOptions = new RedisStoreOptions
    {
        Configuration = seeds,
        ClientName = "tickwatch-harness",
        PublishPriceChannels = settings.PriceChannels,
        PublishSymbolUpdates = settings.SymbolUpdates,
        SymbolUpdatesListenerCheck = settings.SymbolUpdatesAlways ? TimeSpan.Zero : new RedisStoreOptions().SymbolUpdatesListenerCheck,
    };
    await using var connection = new RedisConnection(Options.Create(redisOptions), time, new StoreErrorLog());
    var multiplexer = await connection.GetAsync(default);
    var roles = multiplexer.GetServers().ToDictionary(s => ((IPEndPoint)s.EndPoint).Port, s => s.IsReplica ? "replica" : "master");
    var cpu = new ClusterCpu([.. roles.Keys.Order()]);

    var redisStore = new RedisPriceStore(connection, time);

    // A reference client listening on market_price_updates, on a connection of its own, as the reference's API would.
    long heard = 0;
    await using var referenceConnection = settings.ReferenceListener
        ? new RedisConnection(Options.Create(new RedisStoreOptions { Configuration = seeds, ClientName = "reference-listener" }), time, new StoreErrorLog())
        : null;
    if (referenceConnection is not null)
    {
        await new RedisPriceAnnouncementSubscriber(referenceConnection).SubscribeSymbolsAsync(_ => Interlocked.Increment(ref heard), default);
    }

    IPriceStore store = settings.InMemory ? new InMemoryPriceStore(time) : settings.PublishAfterWrite ? new ClientPublishedStore(redisStore) : redisStore;
    IPriceAnnouncer publisher = settings.InMemory ? new InMemoryPriceAnnouncements() : new RedisPriceAnnouncer(connection, Options.Create(redisOptions));
    var symbols = Enumerable.Range(0, settings.Symbols).Select(i => "H" + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();

    if (settings.WarmupSeconds > 0)
    {
        await RunPhaseAsync(settings.Rates[0], TimeSpan.FromSeconds(settings.WarmupSeconds));
        Console.WriteLine();
        Console.WriteLine($"(warm-up of {settings.WarmupSeconds} s at {settings.Rates[0]:N0}/s done, not reported)");
        Interlocked.Exchange(ref heard, 0);
    }

    foreach (var rate in settings.Rates)
    {
        var report = await RunPhaseAsync(rate, TimeSpan.FromSeconds(settings.Seconds));
        report.Print(Console.Out);
        if (!settings.InMemory && settings.SymbolUpdates)
        {
            Console.WriteLine($"announcing   market_price_updates {(redisStore.SymbolUpdatesListened ? "on" : "off")} after {redisStore.SymbolUpdateListenerChecks} listener checks{(referenceConnection is null ? "" : $"; the reference listener heard {Interlocked.Exchange(ref heard, 0):N0} symbols")}");
        }

        reports.Add(report);
    }

    Console.WriteLine();
    Console.WriteLine("| run | offered | store writes/s | tick-to-store p50 / p99 / max | CPU harness / redis-servers | load average before | final stored price = last update |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
    foreach (var report in reports)
    {
        Console.WriteLine(report.TableRow(settings.InMemory ? "in-memory store" : "Redis Cluster, announcing " + settings.Announcing));
    }

    // The issue's latency target, over the rates of this run: the highest that held it, and the lowest that did not.
    var held = reports.Where(r => r.Statistics.TickToStoreLatency.P99Ms <= 5 && r.Mismatches == 0).Select(r => r.TargetRate).DefaultIfEmpty().Max();
    var missed = reports.Where(r => r.Statistics.TickToStoreLatency.P99Ms > 5).Select(r => r.TargetRate).DefaultIfEmpty().Min();
    Console.WriteLine($"tick-to-store p99 <= 5 ms: held up to {(held == 0 ? "none of the rates" : $"{held:N0}/s")}{(missed == 0 ? "" : $", missed from {missed:N0}/s")}");
    if (raw is not null)
    {
        Console.WriteLine($"raw figure of the same cluster in the same run: {raw}");
    }

    async Task<PhaseReport> RunPhaseAsync(int rate, TimeSpan duration)
    {
        // A fresh writer per phase: its counters and latencies are this phase's alone.
        var writer = new PriceStoreWriter(store, publisher, time, Options.Create(new PriceStoreWriterOptions
        {
            MaxBatchSize = settings.BatchSize,
            MaxConcurrentBatches = settings.ConcurrentBatches,
        }));
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);
        var feeds = Enumerable.Range(0, settings.Feeds).Select(f => new FeedPacer(writer, symbols, f, settings.Feeds, rate, time)).ToArray();
        var loadBefore = LoadAverage();
        var harnessBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var nodesBefore = cpu.Sample();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(feeds.Select(f => Task.Factory.StartNew(() => f.Run(duration), TaskCreationOptions.LongRunning)));
        var fed = Stopwatch.GetElapsedTime(started);
        var atFeedEnd = writer.GetStatistics();

        var drainDeadline = Stopwatch.StartNew();
        while (!writer.IsIdle && drainDeadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(5);
        }

        var drained = Stopwatch.GetElapsedTime(started);
        var harnessCpu = Process.GetCurrentProcess().TotalProcessorTime - harnessBefore;
        var nodeCpu = ClusterCpu.Between(nodesBefore, cpu.Sample());
        var statistics = writer.GetStatistics();
        await stop.CancelAsync();
        await run;

        // Final state: every symbol's stored price must be the last update offered for it.
        var stored = await store.ReadManyAsync(symbols, default);
        var mismatches = 0;
        for (var i = 0; i < symbols.Length; i++)
        {
            var newest = feeds.Select(f => f.Newest[i]).First(q => q is not null)!;
            if (stored[i] is not { } price || price.Version != newest.Version || price.Bid != newest.Bid || price.Ask != newest.Ask)
            {
                mismatches++;
            }
        }

        return new PhaseReport(rate, feeds.Sum(f => f.Offered), fed, drained, statistics, atFeedEnd, harnessCpu,
            settings.InMemory ? new Dictionary<int, TimeSpan>() : nodeCpu, roles, loadBefore, LoadAverage(), symbols.Length, mismatches);
    }
}
finally
{
    if (ownCluster)
    {
        await cluster.StopAsync();
    }
}

static string LoadAverage() => MachineLoad.Describe();
