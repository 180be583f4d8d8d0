using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Storage;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;
using Tickwatch.StoreHarness;

// dotnet run -c Release --project bench/Tickwatch.StoreHarness -- [--seeds 127.0.0.1:7101,...] [--symbols 1000]
//     [--rates 100000,1000000] [--seconds 10] [--feeds 1] [--cluster-port 7401] [--batch-size 512] [--concurrent-batches 4]
//     [--no-raw] [--no-price-channels] [--no-publish] [--in-memory]
// Without --seeds it starts its own cluster with scripts/redis-cluster.sh on --cluster-port and stops it at the end.
var settings = HarnessSettings.Parse(args);
var root = FindRoot();
var ownCluster = settings.Seeds is null;
var seeds = settings.Seeds ?? string.Join(',', Enumerable.Range(settings.ClusterPort, 6).Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)));
var environment = new Dictionary<string, string>
{
    ["REDIS_CLUSTER_PORT"] = settings.ClusterPort.ToString(CultureInfo.InvariantCulture),
    ["REDIS_CLUSTER_DIR"] = ".tickwatch/redis-cluster-bench",
};
Console.WriteLine($"Store harness: {settings.Symbols} symbols, {settings.Feeds} feed thread(s), {settings.Seconds} s per rate, batches of {settings.BatchSize} x {settings.ConcurrentBatches} in flight, {(settings.Publish ? "publishing market_price_updates" + (settings.PriceChannels ? " and prices:{SYMBOL}" : " only") : "publishing nothing")}");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");
if (ownCluster)
{
    Console.WriteLine($"Starting a dedicated cluster on {seeds}");
    await Shell(root, "bash", ["scripts/redis-cluster.sh", "start"], environment);
}

try
{
    var first = seeds.Split(',')[0].Split(':');
    if (settings.RawBenchmark)
    {
        Console.WriteLine();
        Console.WriteLine("Raw cluster figure: " + RawRedisBenchmark.Command(first[0], int.Parse(first[1], CultureInfo.InvariantCulture)));
        Console.WriteLine(await RawRedisBenchmark.RunAsync(first[0], int.Parse(first[1], CultureInfo.InvariantCulture)));
    }

    var time = TimeProvider.System;
    var redisOptions = new RedisStoreOptions { Configuration = seeds, ClientName = "tickwatch-harness", PublishPriceChannels = settings.PriceChannels };
    await using var connection = new RedisConnection(Options.Create(redisOptions), time, new StoreErrorLog());
    await connection.GetAsync(default);
    IPriceStore store = settings.InMemory ? new InMemoryPriceStore(time) : new RedisPriceStore(connection, time);
    IPriceUpdatePublisher publisher = settings.InMemory ? new InMemoryPriceUpdateHub() : settings.Publish ? new RedisPriceUpdatePublisher(connection, Options.Create(redisOptions)) : new UncountedPublisher();
    var symbols = Enumerable.Range(0, settings.Symbols).Select(i => "H" + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();

    foreach (var rate in settings.Rates)
    {
        // A fresh writer per rate: its counters and latencies are this phase's alone.
        var writer = new PriceStoreWriter(store, publisher, time, Options.Create(new PriceStoreWriterOptions
        {
            MaxBatchSize = settings.BatchSize,
            MaxConcurrentBatches = settings.ConcurrentBatches,
        }));
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);
        var feeds = Enumerable.Range(0, settings.Feeds).Select(f => new FeedPacer(writer, symbols, f, settings.Feeds, rate, time)).ToArray();
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var redisBefore = RedisCpu(seeds);
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
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / drained.TotalSeconds * 100;
        var redisCpu = (RedisCpu(seeds) - redisBefore).TotalSeconds / drained.TotalSeconds * 100;
        var statistics = writer.GetStatistics();
        await stop.CancelAsync();
        await run;

        // Final state: every symbol's stored price must be the last update offered for it.
        var stored = await store.ReadManyAsync(symbols, default);
        var mismatches = 0;
        for (var i = 0; i < symbols.Length; i++)
        {
            var newest = feeds.Select(f => f.Newest[i]).First(q => q is not null)!;
            if (stored[i] is not { } price || price.Version != PriceVersion.Of(newest) || price.Bid != newest.Bid || price.Ask != newest.Ask)
            {
                mismatches++;
            }
        }

        var offered = feeds.Sum(f => f.Offered);
        Console.WriteLine();
        Console.WriteLine($"== target {rate:N0} updates/s over {symbols.Length} symbols for {settings.Seconds} s");
        Console.WriteLine($"offered      {offered:N0} in {fed.TotalSeconds:0.00} s = {offered / fed.TotalSeconds:N0} updates/s");
        Console.WriteLine($"written      {statistics.Written:N0} ({statistics.Written / drained.TotalSeconds:N0} writes/s over {drained.TotalSeconds:0.00} s incl. drain); batches {statistics.Batches:N0}, {(double)statistics.Writes / Math.Max(1, statistics.Batches):0.0} prices per batch");
        Console.WriteLine($"coalescing   {(double)offered / Math.Max(1, statistics.Written):0.0} offered per write; coalesced {statistics.QuotesCoalesced:N0}; refused {statistics.RefusedOlder}, failed {statistics.Failed}, publishes {statistics.Publishes:N0}");
        Console.WriteLine($"at feed end  pending symbols {atFeedEnd.PendingSymbols}, in flight {atFeedEnd.InFlight}; drained {(drained - fed).TotalMilliseconds:0} ms later");
        Console.WriteLine($"tick-to-store p50 {statistics.TickToStoreLatency.P50Ms:0.000} ms, p90 {statistics.TickToStoreLatency.P90Ms:0.000} ms, p99 {statistics.TickToStoreLatency.P99Ms:0.000} ms, max {statistics.TickToStoreLatency.MaxMs:0.000} ms ({statistics.TickToStoreLatency.Count:N0} writes)");
        Console.WriteLine($"store round trip per batch p50 {statistics.StoreRoundTrip.P50Ms:0.000} ms, p99 {statistics.StoreRoundTrip.P99Ms:0.000} ms");
        Console.WriteLine($"CPU          harness process {cpu:0}% of a core, the cluster's redis-server processes {redisCpu:0}% (of {Environment.ProcessorCount * 100}%)");
        Console.WriteLine($"final state  {symbols.Length - mismatches}/{symbols.Length} symbols hold their last update{(mismatches == 0 ? " (ok)" : " (MISMATCH)")}");
    }
}
finally
{
    if (ownCluster)
    {
        await Shell(root, "bash", ["scripts/redis-cluster.sh", "stop"], environment);
    }
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Tickwatch.slnx")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the harness from inside the repository (Tickwatch.slnx not found).");
}

// CPU time of the local redis-server processes of the cluster (the six ports from the lowest seed), from /proc.
static TimeSpan RedisCpu(string seeds)
{
    var first = seeds.Split(',').Select(s => int.Parse(s.Split(':')[1], CultureInfo.InvariantCulture)).Min();
    var ports = Enumerable.Range(first, 6).Select(p => ":" + p.ToString(CultureInfo.InvariantCulture) + " ").ToArray();
    long ticks = 0;
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        try
        {
            var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            if (cmdline.StartsWith("redis-server", StringComparison.Ordinal) && ports.Any(p => cmdline.Contains(p, StringComparison.Ordinal)))
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

                // utime and stime are fields 14 and 15 of stat, in clock ticks of 1/100 s.
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not a process, or gone meanwhile.
        }
    }

    return TimeSpan.FromMilliseconds(ticks * 10);
}

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
}

static async Task Shell(string root, string file, string[] arguments, Dictionary<string, string> environment)
{
    var start = new ProcessStartInfo(file) { WorkingDirectory = root, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    foreach (var (key, value) in environment)
    {
        start.Environment[key] = value;
    }

    using var process = Process.Start(start)!;
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
    }
}
