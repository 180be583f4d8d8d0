using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tickwatch.BenchSupport;
using Tickwatch.Feeds.Codecs;
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
/// Each run pauses the hub at its end and checks every client's last price of each symbol against the stored one. The
/// workload (<see cref="WorkloadProfile"/>) sets symbols, rate and steps; <see cref="CpuPlacement"/> where each process runs;
/// every step also reads the market's counters and every process's CPU and memory (<see cref="WholePathFigures"/>).
/// </summary>
internal static class ClusterRun
{
    private const string FeedName = "bench";

    public static async Task<int> RunAsync(HarnessSettings settings, ClusterSettings cluster)
    {
        CpuPlacement placement;
        try
        {
            placement = CpuPlacement.Create(cluster.Placement);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var loadAtStart = ProcFiles.LoadAverage();
        Console.WriteLine(Invariant($"Gateway harness, source cluster, profile {cluster.Profile.ToString().ToLowerInvariant()}: steps {string.Join(", ", cluster.Steps)} clients x {settings.SymbolsPerClient} symbols, pacings {string.Join(", ", cluster.Pacings)}, hub {cluster.HubRate:N0} updates/s over {cluster.Symbols:N0} symbols ({cluster.Protocol}), {settings.Seconds} s measured after {settings.WarmupSeconds} s of warm-up"));
        Console.WriteLine($"Client mode {BenchmarkRun.ClientModeText(settings)}; gateway settings passed: {settings.GatewayArguments}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {loadAtStart}");
        Console.WriteLine($"Placement: {placement.Describe()}");
        var script = cluster.Seeds is null ? new RedisClusterScript(cluster.ClusterPort, cluster.ClusterDirectory) : null;
        var seeds = cluster.Seeds ?? script!.Seeds;
        await placement.PinOtherAsync(Environment.ProcessId);
        if (script is not null)
        {
            Console.WriteLine($"Starting a dedicated cluster on {seeds} in {cluster.ClusterDirectory}");
            await script.StartAsync();
        }

        try
        {
            var redis = await RedisNodesAsync(script, seeds, placement);
            var (results, limits) = await RunStepsAsync(settings, cluster, seeds, placement, redis);
            ClusterReport.Write(settings, cluster, placement, results, limits, loadAtStart);
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

    /// <summary>The cluster's redis-server processes on this machine, pinned with the others when the harness started them.</summary>
    private static async Task<List<WatchedProcess>> RedisNodesAsync(RedisClusterScript? script, string seeds, CpuPlacement placement)
    {
        IReadOnlyList<int> ports = script is not null
            ? script.Ports
            : [.. seeds.Split(',').Select(s => s.Split(':')).Where(p => p is ["127.0.0.1" or "localhost", _]).Select(p => int.Parse(p[1], CultureInfo.InvariantCulture))];
        var nodes = new ClusterCpu(ports).ProcessIds().OrderBy(n => n.Key).Select(n => new WatchedProcess(Invariant($"redis {n.Key}"), n.Value)).ToList();
        if (script is not null)
        {
            foreach (var node in nodes)
            {
                await placement.PinOtherAsync(node.Pid);
            }
        }

        return nodes;
    }

    private static async Task<(List<ClusterStepResult> Results, MeasuredLimits? Limits)> RunStepsAsync(
        HarnessSettings settings, ClusterSettings cluster, string seeds, CpuPlacement placement, List<WatchedProcess> redis)
    {
        var workload = new WorkloadSymbols(cluster.Symbols);
        var (feedProtocol, feedPath) = cluster.Protocol == FeedProtocol.Json ? ("Json", "/ws/json") : ("Protobuf", "/ws/binary");
        var hubPort = TickwatchProcess.FreePort();
        var hubSettings = new Dictionary<string, string>(workload.HubSettings(), StringComparer.Ordinal)
        {
            ["QuoteHub:Port"] = Invariant($"{hubPort}"),
            ["QuoteHub:Seed"] = "13",
            ["QuoteHub:TargetUpdatesPerSecond"] = Invariant($"{cluster.HubRate}"),
            ["QuoteHub:SlowClientPolicy"] = "Backpressure",
            ["QuoteHub:Feeds:0:Name"] = FeedName,
            ["QuoteHub:Feeds:0:Protocol"] = feedProtocol,
            ["QuoteHub:Feeds:0:Path"] = feedPath,
        };
        await using var hub = TickwatchProcess.Start("quote-hub", hubSettings);
        await placement.PinOtherAsync(hub.Id);
        var hubAddress = new Uri(Invariant($"http://127.0.0.1:{hubPort}/"));
        await hub.WaitReadyAsync(new Uri(hubAddress, "health"), TimeSpan.FromSeconds(60));
        using var hubControl = new HttpClient { BaseAddress = hubAddress, Timeout = TimeSpan.FromSeconds(30) };
        var limits = cluster.Limits ? await LimitsAsync(settings, cluster, seeds, hubAddress, feedPath) : null;

        var marketPort = TickwatchProcess.FreePort();

        // The store writer's rolling latency window as long as the measured window, so the read at its end covers just that.
        var latencyWindow = TimeSpan.FromSeconds(Math.Max(1, Math.Round(settings.Seconds)));
        var marketSettings = new Dictionary<string, string>(workload.ServiceSettings(), StringComparer.Ordinal)
        {
            ["Market:Port"] = Invariant($"{marketPort}"),
            ["Feeds:0:Name"] = FeedName,
            ["Feeds:0:Protocol"] = feedProtocol,
            ["Feeds:0:Url"] = Invariant($"ws://127.0.0.1:{hubPort}{feedPath}"),
            ["Redis:Configuration"] = seeds,
            ["Ledger:Enabled"] = "false",
            ["StoreWriter:LatencyWindow"] = latencyWindow.ToString("c", CultureInfo.InvariantCulture),
        };
        await using var market = TickwatchProcess.Start("market", marketSettings);
        await placement.PinOtherAsync(market.Id);
        var marketAddress = new Uri(Invariant($"http://127.0.0.1:{marketPort}/"));
        await market.WaitReadyAsync(new Uri(marketAddress, "health/ready"), TimeSpan.FromSeconds(60));
        using var marketHttp = new HttpClient { BaseAddress = marketAddress, Timeout = TimeSpan.FromSeconds(60) };
        Console.WriteLine($"Quote hub (process {hub.Id}) at {hubAddress}, market service (process {market.Id}) at {marketAddress}, storing in {seeds}");
        List<WatchedProcess> path = [new("hub", hub.Id), new("market", market.Id), .. redis, new("harness", Environment.ProcessId)];
        foreach (var process in path)
        {
            Console.WriteLine(Invariant($"  {process.Role,-12} process {process.Pid,7}  CPUs allowed {CpuAffinity.AllowedList(process.Pid)}"));
        }

        // The store as the gateway reads it, for the final check.
        var redisOptions = Options.Create(new RedisStoreOptions { Configuration = seeds, ClientName = "tickwatch-gateway-harness" });
        await using var connection = new RedisConnection(redisOptions, TimeProvider.System, new StoreErrorLog());
        var store = new RedisPriceStore(connection, TimeProvider.System);
        var run = new StepContext(settings, seeds, marketAddress, marketHttp, hubControl, store, workload, placement, path, limits);

        var results = new List<ClusterStepResult>();
        foreach (var clients in cluster.Steps)
        {
            foreach (var pacing in cluster.Pacings)
            {
                await SetHubRateAsync(hubControl, cluster.HubRate);
                var result = await RunGuardedAsync(run, clients, pacing);
                results.Add(result);
                Console.WriteLine(result.Failure is { } failure
                    ? Invariant($"== {clients} clients, {pacing}: did not run: {failure}")
                    : Invariant($"== {clients} clients, {pacing}: tick-to-client p50/p99/p99.9/max {result.P50Ms:0.0} / {result.P99Ms:0.0} / {result.P999Ms:0.0} / {result.MaxMs:0.0} ms; {result.PricesPerSecond:N0} prices/s in {result.MessagesPerSecond:N0} messages/s; gateway {result.GatewayCores:0.00} cores, {result.CpuMicrosPerPrice:0.0} µs/price, {result.CpuMicrosPerMessage:0.0} µs/message; at once {result.MessagesSentAtOnce:N0}, coalesced {result.MessagesCoalesced:N0}, load factor mean {result.MeanLoadFactor:0.00} max {result.MaxLoadFactor:0.00}, thread-pool backlog mean {result.MeanBacklog:0.0}; final check {result.Mismatches} of {result.CheckedPairs} differ from the store ({(result.Passed ? "passed" : "FAILED")})"));
                if (result.WholePath is { } whole)
                {
                    Console.WriteLine(Invariant(
                        $"   market received {whole.MarketReceivedPerSecond:N0}/s, accepted {whole.MarketAcceptedPerSecond:N0}/s ({whole.OfLimits?.AcceptedOfReceiveOnly:P1} of receive-only), stored {whole.StoredPerSecond:N0}/s ({whole.OfLimits?.StoredOfRedisHset:P1} of HSET); tick-to-store p50/p99/p99.9/max {whole.TickToStore.P50Ms:0.0} / {whole.TickToStore.P99Ms:0.0} / {whole.TickToStore.P999Ms:0.0} / {whole.TickToStore.MaxMs:0.0} ms (last {whole.TickToStoreWindowSeconds:0} s); market {whole.MarketMicrosPerAcceptedPrice:0.0} µs/accepted price, cluster {whole.ClusterMicrosPerStoredPrice:0.0} µs/stored price"));
                }
            }
        }

        return (results, limits);
    }

    /// <summary>
    /// The machine's limits before the market connects and writes, so neither shares the hub or the cluster with the path:
    /// a receive-only client of the hub's feed at its highest rate, then redis-benchmark's pipelined HSET on the cluster.
    /// </summary>
    private static async Task<MeasuredLimits> LimitsAsync(HarnessSettings settings, ClusterSettings cluster, string seeds, Uri hubAddress, string feedPath)
    {
        var protocol = cluster.Protocol == FeedProtocol.Json ? FeedLimitProtocol.Json : FeedLimitProtocol.Protobuf;
        var feedUrl = new Uri(Invariant($"ws://{hubAddress.Authority}{feedPath}"));
        Console.WriteLine("Measuring the machine's limits: a receive-only client of the hub, then redis-benchmark HSET on the cluster");
        var receiveOnly = await MachineLimits.ReceiveOnlyAsync(feedUrl, protocol, hubAddress, TimeSpan.FromSeconds(Math.Clamp(settings.Seconds, 3, 10)), CancellationToken.None);
        Console.WriteLine($"  {receiveOnly}");
        var hset = await MachineLimits.RedisHsetAsync(seeds, MeasuredLimits.HsetRequests, CancellationToken.None);
        Console.WriteLine($"  {hset}");
        return new MeasuredLimits(receiveOnly, hset);
    }

    /// <summary>One step, or why it could not run: a step that fails (too few descriptors, clients that cannot connect) must not end the run.</summary>
    private static async Task<ClusterStepResult> RunGuardedAsync(StepContext run, int clients, StreamPacing pacing)
    {
        try
        {
            // Each client is a socket in this process and one in the gateway's, which inherits this process's limit.
            if (await OpenFileLimit.EnsureAsync(clients + 512) is { } tooFew)
            {
                return ClusterStepResult.Failed(clients, run.Settings.SymbolsPerClient, pacing, tooFew, ProcFiles.LoadAverage());
            }

            return await RunOneAsync(run, clients, pacing);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"-- {clients} clients, {pacing}: {ex}");
            return ClusterStepResult.Failed(clients, run.Settings.SymbolsPerClient, pacing, $"{ex.GetType().Name}: {ex.Message}", ProcFiles.LoadAverage());
        }
    }

    private static async Task<ClusterStepResult> RunOneAsync(StepContext run, int clients, StreamPacing pacing)
    {
        var settings = run.Settings;
        var key = AccessTokens.NewSigningKey();
        var gatewayPort = TickwatchProcess.FreePort();
        var gatewaySettings = new Dictionary<string, string>(run.Symbols.ServiceSettings(), StringComparer.Ordinal)
        {
            ["Gateway:Port"] = Invariant($"{gatewayPort}"),
            ["Gateway:MarketServiceUrl"] = run.MarketAddress.ToString().TrimEnd('/'),
            ["Redis:Configuration"] = run.Seeds,
            ["Jwt:SigningKey"] = key,
            ["Gateway:Stream:Pacing"] = pacing.ToString(),
        };
        if (clients > new StreamOptions().MaxClients)
        {
            // The gateway's own ceiling would refuse the step's clients; --gateway may still set another.
            gatewaySettings["Gateway:Stream:MaxClients"] = Invariant($"{clients}");
        }

        foreach (var (name, value) in settings.GatewaySettings)
        {
            gatewaySettings[name] = value;
        }

        await using var gateway = TickwatchProcess.Start("gateway", gatewaySettings, run.Placement.GatewayEnvironment(settings.GatewayEnvironment));
        await run.Placement.PinGatewayAsync(gateway.Id);
        await using var watch = new ProcessWatch([.. run.Path, new WatchedProcess("gateway", gateway.Id)]);
        var baseAddress = new Uri(Invariant($"http://127.0.0.1:{gatewayPort}/"));
        await gateway.WaitReadyAsync(new Uri(baseAddress, "health"), TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var figures = new DeliveryFigures();
        var counters = figures.Counters;
        await using var fleet = await ClientFleet.ConnectAsync(settings, clients, settings.SymbolsPerClient, run.Symbols.All, baseAddress, new JwtOptions { SigningKey = key }, figures);
        Console.WriteLine($"-- {clients} clients on gateway process {gateway.Id} ({pacing} pacing, CPUs {CpuAffinity.AllowedList(gateway.Id)}), subscribed; warming up");
        await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds));

        var marketBefore = await MarketStats.ReadAsync(run.Market);
        var before = await StreamStats.ReadAsync(http);
        var pacingBefore = await PacingAsync(http);
        var cpuBefore = ProcFiles.ProcessCpu(gateway.Id);
        watch.StartWindow();
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
        var processes = watch.EndWindow(window);
        var loadAverage = ProcFiles.LoadAverage();
        var marketAfter = await MarketStats.ReadAsync(run.Market);
        var after = await StreamStats.ReadAsync(http);
        var pacingAfter = await PacingAsync(http);

        // The hub pauses; once the store stops changing, every client must hold the stored price of each of its symbols.
        await SetHubRateAsync(run.HubControl, 0);
        var stored = await SettledStoreAsync(run.Store, run.Symbols.All);
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
            loadAverage)
        {
            WholePath = WholePath(marketBefore, marketAfter, processes, run.Limits),
        };
    }

    /// <summary>The market's and the cluster's side of the step: rates over the time between the two readings, CPU over the measured window.</summary>
    private static WholePathFigures WholePath(MarketStats before, MarketStats after, List<ProcessFigures> processes, MeasuredLimits? limits)
    {
        var seconds = MarketStats.Seconds(before, after);
        var accepted = (after.UpdatesAccepted - before.UpdatesAccepted) / seconds;
        var stored = (after.Written - before.Written) / seconds;
        var marketCores = processes.FirstOrDefault(p => p.Role == "market")?.Cores;
        var clusterCores = processes.FirstOrDefault(p => p.Role == "redis (sum)")?.Cores;
        return new WholePathFigures(
            (after.UpdatesReceived - before.UpdatesReceived) / seconds,
            accepted,
            stored,
            after.TickToStore,
            after.LatencyWindowSeconds,
            accepted > 0 ? marketCores * 1e6 / accepted : null,
            stored > 0 ? clusterCores * 1e6 / stored : null,
            processes)
        {
            OfLimits = limits?.Of(accepted, stored),
        };
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
}
