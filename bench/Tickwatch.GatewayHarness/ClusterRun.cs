using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using static System.FormattableString;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// <c>--source cluster</c>: the whole production path to the clients. A Redis Cluster, <c>tickwatch quote-hub</c> and
/// <c>tickwatch market</c> (storing every price in the cluster and announcing it on <c>prices:{SYM}</c>) run throughout; at
/// each step and pacing a fresh <c>tickwatch gateway</c> reads from the cluster and this process's clients read from it.
/// Each run pauses the hub at its end and checks every client's last price of each symbol against the stored one.
/// </summary>
internal static class ClusterRun
{
    private const string FeedName = "bench";
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<int> RunAsync(HarnessSettings settings, ClusterSettings cluster)
    {
        var loadAtStart = ProcFiles.LoadAverage();
        Console.WriteLine(Invariant($"Gateway harness, source cluster: steps {string.Join(", ", cluster.Steps)} clients x {settings.SymbolsPerClient} symbols, pacings {string.Join(", ", cluster.Pacings)}, hub {cluster.HubRate:N0} updates/s, {settings.Seconds} s measured after {settings.WarmupSeconds} s of warm-up"));
        Console.WriteLine($"Client mode {BenchmarkRun.ClientModeText(settings)}; gateway settings passed: {settings.GatewayArguments}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {loadAtStart}");
        var script = cluster.Seeds is null ? new RedisClusterScript(cluster.ClusterPort, cluster.ClusterDirectory) : null;
        var seeds = cluster.Seeds ?? script!.Seeds;
        if (script is not null)
        {
            Console.WriteLine($"Starting a dedicated cluster on {seeds} in {cluster.ClusterDirectory}");
            await script.StartAsync();
        }

        try
        {
            var results = await RunStepsAsync(settings, cluster, seeds);
            Write(settings, cluster, results, loadAtStart);
            return results.All(r => r.Passed) ? 0 : 1;
        }
        finally
        {
            if (script is not null)
            {
                await script.StopAsync();
            }
        }
    }

    private static async Task<List<ClusterStepResult>> RunStepsAsync(HarnessSettings settings, ClusterSettings cluster, string seeds)
    {
        var hubPort = TickwatchProcess.FreePort();
        await using var hub = TickwatchProcess.Start("quote-hub", new Dictionary<string, string>
        {
            ["QuoteHub:Port"] = Invariant($"{hubPort}"),
            ["QuoteHub:Seed"] = "13",
            ["QuoteHub:TargetUpdatesPerSecond"] = Invariant($"{cluster.HubRate}"),
            ["QuoteHub:SlowClientPolicy"] = "Backpressure",
            ["QuoteHub:Feeds:0:Name"] = FeedName,
            ["QuoteHub:Feeds:0:Protocol"] = "Protobuf",
            ["QuoteHub:Feeds:0:Path"] = "/ws/binary",
        });
        var hubAddress = new Uri(Invariant($"http://127.0.0.1:{hubPort}/"));
        await hub.WaitReadyAsync(new Uri(hubAddress, "health"), TimeSpan.FromSeconds(60));
        using var hubControl = new HttpClient { BaseAddress = hubAddress, Timeout = TimeSpan.FromSeconds(30) };

        var marketPort = TickwatchProcess.FreePort();
        await using var market = TickwatchProcess.Start("market", new Dictionary<string, string>
        {
            ["Market:Port"] = Invariant($"{marketPort}"),
            ["Feeds:0:Name"] = FeedName,
            ["Feeds:0:Protocol"] = "Protobuf",
            ["Feeds:0:Url"] = Invariant($"ws://127.0.0.1:{hubPort}/ws/binary"),
            ["Redis:Configuration"] = seeds,
            ["Ledger:Enabled"] = "false",
        });
        var marketAddress = new Uri(Invariant($"http://127.0.0.1:{marketPort}/"));
        await market.WaitReadyAsync(new Uri(marketAddress, "health/ready"), TimeSpan.FromSeconds(60));
        Console.WriteLine($"Quote hub (process {hub.Id}) at {hubAddress}, market service (process {market.Id}) at {marketAddress}, storing in {seeds}");

        // The store as the gateway reads it, for the final check.
        var redisOptions = Options.Create(new RedisStoreOptions { Configuration = seeds, ClientName = "tickwatch-gateway-harness" });
        await using var connection = new RedisConnection(redisOptions, TimeProvider.System, new StoreErrorLog());
        var store = new RedisPriceStore(connection, TimeProvider.System);
        var symbols = SymbolCatalog.Create(new PricesOptions()).All.Select(s => s.Symbol).ToArray();

        var results = new List<ClusterStepResult>();
        foreach (var clients in cluster.Steps)
        {
            foreach (var pacing in cluster.Pacings)
            {
                await SetHubRateAsync(hubControl, cluster.HubRate);
                var result = await RunOneAsync(settings, seeds, marketAddress, hubControl, store, symbols, clients, pacing);
                results.Add(result);
                Console.WriteLine(Invariant(
                    $"== {clients} clients, {pacing}: tick-to-client p50/p99/p99.9/max {result.P50Ms:0.0} / {result.P99Ms:0.0} / {result.P999Ms:0.0} / {result.MaxMs:0.0} ms; {result.PricesPerSecond:N0} prices/s in {result.MessagesPerSecond:N0} messages/s; gateway {result.GatewayCores:0.00} cores, {result.CpuMicrosPerPrice:0.0} µs/price, {result.CpuMicrosPerMessage:0.0} µs/message; at once {result.MessagesSentAtOnce:N0}, coalesced {result.MessagesCoalesced:N0}, load factor mean {result.MeanLoadFactor:0.00} max {result.MaxLoadFactor:0.00}, thread-pool backlog mean {result.MeanBacklog:0.0}; final check {result.Mismatches} of {result.CheckedPairs} differ from the store ({(result.Passed ? "passed" : "FAILED")})"));
            }
        }

        return results;
    }

    private static async Task<ClusterStepResult> RunOneAsync(
        HarnessSettings settings, string seeds, Uri marketAddress, HttpClient hubControl, RedisPriceStore store, string[] symbols, int clients, StreamPacing pacing)
    {
        var key = AccessTokens.NewSigningKey();
        var gatewayPort = TickwatchProcess.FreePort();
        var gatewaySettings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Gateway:Port"] = Invariant($"{gatewayPort}"),
            ["Gateway:MarketServiceUrl"] = marketAddress.ToString().TrimEnd('/'),
            ["Redis:Configuration"] = seeds,
            ["Jwt:SigningKey"] = key,
            ["Gateway:Stream:Pacing"] = pacing.ToString(),
        };
        foreach (var (name, value) in settings.GatewaySettings)
        {
            gatewaySettings[name] = value;
        }

        await using var gateway = TickwatchProcess.Start("gateway", gatewaySettings, settings.GatewayEnvironment);
        var baseAddress = new Uri(Invariant($"http://127.0.0.1:{gatewayPort}/"));
        await gateway.WaitReadyAsync(new Uri(baseAddress, "health"), TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var figures = new DeliveryFigures();
        var counters = figures.Counters;
        await using var fleet = await ClientFleet.ConnectAsync(settings, clients, settings.SymbolsPerClient, symbols, baseAddress, new JwtOptions { SigningKey = key }, figures);
        Console.WriteLine($"-- {clients} clients on gateway process {gateway.Id} ({pacing} pacing), subscribed; warming up");
        await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds));

        var before = await StreamStats.ReadAsync(http);
        var pacingBefore = await PacingAsync(http);
        var cpuBefore = ProcFiles.ProcessCpu(gateway.Id);
        var started = Stopwatch.GetTimestamp();
        counters.Recording = true;
        var loads = new List<double>();
        var backlogs = new List<long>();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < settings.Seconds)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, settings.Seconds)));
            var sample = await PacingAsync(http);
            loads.Add(sample["load_factor"]!.GetValue<double>());
            backlogs.Add(sample["thread_pool_backlog"]!.GetValue<long>());
        }

        counters.Recording = false;
        var window = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (ProcFiles.ProcessCpu(gateway.Id) - cpuBefore)?.TotalSeconds;
        var loadAverage = ProcFiles.LoadAverage();
        var after = await StreamStats.ReadAsync(http);
        var pacingAfter = await PacingAsync(http);

        // The hub pauses; once the store stops changing, every client must hold the stored price of each of its symbols.
        await SetHubRateAsync(hubControl, 0);
        var stored = await SettledStoreAsync(store, symbols);
        var check = await fleet.CheckAsync(stored, TimeSpan.FromSeconds(settings.SettleSeconds));
        var prices = counters.Prices;
        var messages = counters.Messages;
        return new ClusterStepResult(
            clients,
            settings.SymbolsPerClient,
            pacing,
            window,
            figures.TickToClient.Percentile(50),
            figures.TickToClient.Percentile(99),
            figures.TickToClient.Percentile(99.9),
            figures.TickToClient.MaxMilliseconds,
            figures.TickToClient.Count,
            prices / window,
            messages / window,
            (after.UpdatesReceived - before.UpdatesReceived) / window,
            cpu / window,
            cpu * 1e6 / prices,
            cpu * 1e6 / messages,
            Delta(pacingBefore, pacingAfter, "messages_sent_at_once"),
            Delta(pacingBefore, pacingAfter, "messages_coalesced"),
            loads.Count > 0 ? loads.Average() : 0,
            loads.Count > 0 ? loads.Max() : 0,
            backlogs.Count > 0 ? backlogs.Average() : 0,
            after.ClientsDroppedSlow,
            counters.NotNewer,
            check.CheckedPairs,
            check.Mismatches,
            check.Misread,
            check.Settled.TotalSeconds,
            check.Ended,
            loadAverage);
    }

    /// <summary>Sets the hub's total rate over its symbols; 0 pauses it.</summary>
    private static async Task SetHubRateAsync(HttpClient hub, int updatesPerSecond)
    {
        object body = updatesPerSecond > 0 ? new { updates_per_second = updatesPerSecond } : new { multiplier = 0.0 };
        using var response = await hub.PostAsJsonAsync(new Uri("control/rate", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonNode> PacingAsync(HttpClient gateway) =>
        JsonNode.Parse(await gateway.GetStringAsync(new Uri("/api/debug/streams", UriKind.Relative)))!["pacing"]
            ?? throw new InvalidOperationException("The gateway's /api/debug/streams has no pacing: is it built from this branch?");

    private static long Delta(JsonNode before, JsonNode after, string name) => after[name]!.GetValue<long>() - before[name]!.GetValue<long>();

    /// <summary>Every symbol's stored price, once two reads half a second apart agree (the market has written its last).</summary>
    private static async Task<Dictionary<string, (long Sequence, decimal Bid, decimal Ask)>> SettledStoreAsync(RedisPriceStore store, string[] symbols)
    {
        var deadline = Stopwatch.StartNew();
        var last = await ReadAsync();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(500);
            var now = await ReadAsync();
            if (now.Count == last.Count && now.All(p => last.TryGetValue(p.Key, out var was) && was == p.Value))
            {
                return now;
            }

            last = now;
        }

        throw new TimeoutException("The store kept changing for 30 s after the hub paused.");

        async Task<Dictionary<string, (long, decimal, decimal)>> ReadAsync()
        {
            var read = await store.ReadManyAsync(symbols, CancellationToken.None);
            return symbols.Zip(read)
                .Where(p => p.Second is not null)
                .ToDictionary(p => p.First, p => (p.Second!.BookSequence, p.Second.Bid, p.Second.Ask), StringComparer.Ordinal);
        }
    }

    private static void Write(HarnessSettings settings, ClusterSettings cluster, List<ClusterStepResult> results, string loadAtStart)
    {
        Directory.CreateDirectory(cluster.Output);
        var json = Path.Combine(cluster.Output, "gateway-cluster.json");
        var markdown = Path.Combine(cluster.Output, "gateway-cluster.md");
        var run = new
        {
            machine = Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}"),
            load_average_at_start = loadAtStart,
            hub_rate = cluster.HubRate,
            symbols_per_client = settings.SymbolsPerClient,
            seconds = settings.Seconds,
            warmup_seconds = settings.WarmupSeconds,
            client_mode = BenchmarkRun.ClientModeText(settings),
            gateway_settings = settings.GatewayArguments,
            steps = results,
        };
        File.WriteAllText(json, JsonSerializer.Serialize(run, ReportJson));

        var lines = new List<string>
        {
            Invariant($"Gateway reading the Redis Cluster: quote hub {cluster.HubRate:N0} updates/s → market → cluster (`prices:{{SYM}}`) → gateway → {settings.SymbolsPerClient} symbols per client; {settings.Seconds} s measured after {settings.WarmupSeconds} s of warm-up per row; gateway settings: {settings.GatewayArguments}; load average at start {loadAtStart}."),
            "",
            "| clients | pacing | tick-to-client p50 / p99 / p99.9 / max ms | prices/s delivered | messages/s | announced/s | gateway cores | CPU µs / price | CPU µs / message | at once / coalesced | load factor mean / max | pool backlog mean | final check | load average |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        };
        lines.AddRange(results.Select(r => Invariant(
            $"| {r.Clients} | {r.Pacing.ToString().ToLowerInvariant()} | {r.P50Ms:0.0} / {r.P99Ms:0.0} / {r.P999Ms:0.0} / {r.MaxMs:0.0} | {r.PricesPerSecond:N0} | {r.MessagesPerSecond:N0} | {r.AnnouncedPerSecond:N0} | {r.GatewayCores:0.00} | {r.CpuMicrosPerPrice:0.0} | {r.CpuMicrosPerMessage:0.0} | {r.MessagesSentAtOnce:N0} / {r.MessagesCoalesced:N0} | {r.MeanLoadFactor:0.00} / {r.MaxLoadFactor:0.00} | {r.MeanBacklog:0.0} | {(r.Passed ? "ok" : "FAILED")}: {r.Mismatches} of {r.CheckedPairs} differ, {r.ClientsEnded} ended | {r.LoadAverage} |")));
        File.WriteAllLines(markdown, lines);
        Console.WriteLine();
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine($"Written {json} and {markdown}");
    }
}
