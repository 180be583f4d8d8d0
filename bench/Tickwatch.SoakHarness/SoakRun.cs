using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Tickwatch.BenchSupport;
using Tickwatch.Gateway.Auth;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using static System.FormattableString;

namespace Tickwatch.SoakHarness;

/// <summary>
/// The soak engine: starts the system (its own Redis Cluster, <c>tickwatch quote-hub</c>, <c>tickwatch exec-gateway</c>,
/// <c>tickwatch market</c> storing in the cluster with its provider link, <c>tickwatch gateway</c>, stream clients), injects seeded random faults on a schedule and checks the
/// invariants throughout; returns the report. The bench command and the CI test both run this.
/// </summary>
internal sealed class SoakRun(SoakSettings settings, CancellationToken interrupted)
{
    private const string FeedName = "soak";
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<FaultRecovery> _faults = new();
    private readonly ConcurrentDictionary<SoakFault, int> _injected = new();
    private readonly List<Task> _pending = [];
    private InvariantLog _log = null!;
    private HttpClient _http = null!;
    private Uri _hub = null!;
    private BookWatch _book = null!;
    private StoreWatch _store = null!;
    private List<SoakClient> _clients = [];
    private RedisNodes _nodes = null!;
    private OrderTrader _trader = null!;
    private ProviderTrader _provider = null!;
    private volatile bool _killing;
    private int _stalls;

    private double Now => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    public async Task<SoakReport> RunAsync()
    {
        _log = new InvariantLog(_started);
        Directory.CreateDirectory(settings.Output);
        var clusterFolder = Path.Combine(settings.Output, "redis-cluster");
        var cluster = new RedisClusterScript(settings.ClusterPort, clusterFolder);
        _nodes = new RedisNodes(cluster.Ports, clusterFolder);
        Say($"Soak: {settings.Minutes} min, seed {settings.Seed}, profile {settings.Profile}; cluster {cluster.Seeds}; output {settings.Output}");
        await cluster.StartAsync();
        try
        {
            return await RunSystemAsync(cluster.Seeds);
        }
        finally
        {
            await cluster.StopAsync();
        }
    }

    private async Task<SoakReport> RunSystemAsync(string seeds)
    {
        var logs = Path.Combine(settings.Output, "logs");
        var maxAge = Invariant($"{settings.MaxQuoteAge:c}");
        var hubPort = settings.HubPort ?? TickwatchProcess.FreePort();
        var marketPort = settings.MarketPort ?? TickwatchProcess.FreePort();
        var gatewayPort = settings.GatewayPort ?? TickwatchProcess.FreePort();
        var linkPort = TickwatchProcess.FreePort();
        var execControlPort = TickwatchProcess.FreePort();
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _hub = new Uri(Invariant($"http://127.0.0.1:{hubPort}/"));
        var market = new Uri(Invariant($"http://127.0.0.1:{marketPort}/"));
        var execControl = new Uri(Invariant($"http://127.0.0.1:{execControlPort}/"));
        var gateway = new Uri(Invariant($"http://127.0.0.1:{gatewayPort}/"));
        var key = AccessTokens.NewSigningKey();

        await using var hubProcess = SoakProcess.Start("quote-hub", new Dictionary<string, string>
        {
            ["QuoteHub:Port"] = Invariant($"{hubPort}"),
            ["QuoteHub:Seed"] = Invariant($"{settings.Seed}"),
            ["QuoteHub:TargetUpdatesPerSecond"] = Invariant($"{settings.HubRate}"),
            ["QuoteHub:Feeds:0:Name"] = FeedName,
            ["QuoteHub:Feeds:0:Protocol"] = "Protobuf",
            ["QuoteHub:Feeds:0:Path"] = "/ws/binary",
        }, logs, _log);
        await hubProcess.WaitReadyAsync(_http, new Uri(_hub, "health"), TimeSpan.FromSeconds(60));

        // The liquidity provider's end of the link, filling at the hub's prices as the market sees them.
        await using var execProcess = SoakProcess.Start("exec-gateway", new Dictionary<string, string>
        {
            ["ExecGateway:Port"] = Invariant($"{linkPort}"),
            ["ExecGateway:ControlPort"] = Invariant($"{execControlPort}"),
            ["ExecGateway:Seed"] = Invariant($"{settings.Seed}"),
            ["ExecGateway:PriceFeed:Name"] = "exec-prices",
            ["ExecGateway:PriceFeed:Protocol"] = "Protobuf",
            ["ExecGateway:PriceFeed:Url"] = Invariant($"ws://127.0.0.1:{hubPort}/ws/binary"),
        }, logs, _log);
        await execProcess.WaitReadyAsync(_http, new Uri(execControl, "health"), TimeSpan.FromSeconds(60));
        await using var marketProcess = SoakProcess.Start("market", new Dictionary<string, string>
        {
            ["Market:Port"] = Invariant($"{marketPort}"),
            ["Feeds:0:Name"] = FeedName,
            ["Feeds:0:Protocol"] = "Protobuf",
            ["Feeds:0:Url"] = Invariant($"ws://127.0.0.1:{hubPort}/ws/binary"),
            ["Redis:Configuration"] = seeds,
            ["Ledger:Enabled"] = "false",
            ["Prices:DefaultMaxQuoteAge"] = maxAge,
            ["Trading:MaxExecutionQuoteAge"] = Invariant($"{settings.MaxExecutionAge:c}"),

            // The development account live:900001 is routed to the provider: its orders go over the link.
            ["Trading:SeedDevelopmentAccounts"] = "true",
            ["ProviderLink:Enabled"] = "true",
            ["ProviderLink:Port"] = Invariant($"{linkPort}"),
        }, logs, _log);
        await marketProcess.WaitReadyAsync(_http, new Uri(market, "health/ready"), TimeSpan.FromSeconds(90));
        await using var gatewayProcess = SoakProcess.Start("gateway", new Dictionary<string, string>
        {
            ["Gateway:Port"] = Invariant($"{gatewayPort}"),
            ["Gateway:MarketServiceUrl"] = market.ToString().TrimEnd('/'),
            ["Redis:Configuration"] = seeds,
            ["Jwt:SigningKey"] = key,
            ["Prices:DefaultMaxQuoteAge"] = maxAge,
        }, logs, _log);
        await gatewayProcess.WaitReadyAsync(_http, new Uri(gateway, "health"), TimeSpan.FromSeconds(90));
        SoakProcess[] processes = [hubProcess, marketProcess, gatewayProcess, execProcess];
        using var onInterrupt = interrupted.Register(() =>
        {
            _log.Freeze();
            foreach (var process in processes)
            {
                process.Interrupted();
            }
        });
        Say($"Up: hub {hubProcess.Id} at {_hub}, market {marketProcess.Id} at {market}, gateway {gatewayProcess.Id} at {gateway}, execution gateway {execProcess.Id} at {execControl}");

        // The symbols that move: seen in the book, then newer a few seconds later (a closed or idle one could never show recovery).
        _book = new BookWatch(_http, market, _log);
        await WaitAsync(async () => await _book.PollAsync() && _book.Watch.Newest.Count > 0, "prices reach the book", TimeSpan.FromSeconds(60));
        var first = _book.Watch.Snapshot();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _book.PollAsync();
        var symbols = first.Where(p => _book.Watch.Newest[p.Key] > p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        Say($"{symbols.Length} of {first.Count} symbols moving: {string.Join(' ', symbols)}");
        if (symbols.Length == 0)
        {
            throw new InvalidOperationException("No symbol moves in the book.");
        }

        var redisOptions = Options.Create(new RedisStoreOptions { Configuration = seeds, ClientName = "tickwatch-soak" });
        await using var connection = new RedisConnection(redisOptions, TimeProvider.System, new StoreErrorLog());
        _store = new StoreWatch(new RedisPriceStore(connection, TimeProvider.System), symbols, _log);

        var setup = new Random(settings.Seed);
        var jwt = new JwtOptions { SigningKey = key };
        var streamUri = new Uri(Invariant($"ws://127.0.0.1:{gatewayPort}/api/stream"));
        _clients = [.. Enumerable.Range(1, settings.Clients).Select(i => new SoakClient(
            i,
            streamUri,
            AccessTokens.Mint(jwt, Invariant($"soak{i}"), "live", TimeProvider.System.GetUtcNow(), settings.Duration + TimeSpan.FromHours(1)),
            [.. setup.GetItems(symbols, Math.Min(settings.SymbolsPerClient, symbols.Length)).Distinct()],
            _log))];

        // The seeded demo accounts of the Standard group trade.
        string[] traders = [.. new[] { "1", "3" }.Select(user => AccessTokens.Mint(jwt, user, "demo", TimeProvider.System.GetUtcNow(), settings.Duration + TimeSpan.FromHours(1)))];
        _trader = new OrderTrader(_http, gateway, traders, settings.MaxExecutionAge, _log);
        _provider = new ProviderTrader(_http, gateway, market, execControl, AccessTokens.Mint(jwt, "900001", "live", TimeProvider.System.GetUtcNow(), settings.Duration + TimeSpan.FromHours(1)), _log);

        using var stop = new CancellationTokenSource();
        ResourceSeries[] series =
        [
            new(hubProcess.Name, hubProcess.Id, new Uri(_hub, "metrics")),
            new(marketProcess.Name, marketProcess.Id, new Uri(market, "metrics")),
            new(gatewayProcess.Name, gatewayProcess.Id, new Uri(gateway, "metrics")),
            new(execProcess.Name, execProcess.Id, new Uri(execControl, "metrics")),
        ];
        List<Task> running =
        [
            .. _clients.Select(c => c.RunAsync(stop.Token)),
            _book.RunAsync(TimeSpan.FromSeconds(1), stop.Token),
            _store.RunAsync(TimeSpan.FromSeconds(1), stop.Token),
            SampleAsync(series, stop.Token),
        ];
        await WaitAsync(() => Task.FromResult(_clients.All(c => c.Subscribed && c.Prices > 0)), "every client subscribed and shown prices", TimeSpan.FromSeconds(60));
        Say($"{_clients.Count} clients subscribed; faults from {settings.FaultsFrom.TotalSeconds:0} s to {settings.FaultsUntil.TotalSeconds:0} s");

        // Ctrl+C ends the run early, through the same checks, report and teardown (no process or Redis node left behind).
        try
        {
            await ScheduleFaultsAsync();
            var remaining = settings.Duration - TimeSpan.FromSeconds(Now);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, interrupted);
            }
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            Say("Interrupted: checking, reporting and stopping");
        }

        if (!interrupted.IsCancellationRequested)
        {
            await Task.WhenAll(_pending);
            await _trader.CloseOpenAsync();
            await _provider.SettleAsync(settings.RecoveryDeadline);
            await CheckAliveAsync(processes, market, gateway, execControl);
        }

        await stop.CancelAsync();
        await Task.WhenAll(running);

        var duration = Now;
        var figures = series.Select(s => s.Figures(settings.WarmUp.TotalSeconds)).ToArray();
        JudgeGrowth(figures);
        return new SoakReport(
            settings.Seed,
            settings.Profile,
            settings.Minutes,
            interrupted.IsCancellationRequested,
            Math.Round(duration, 1),
            settings.WarmUp.TotalSeconds,
            settings.MaxQuoteAge.TotalSeconds,
            settings.Clients,
            symbols.Length,
            settings.HubRate,
            Enum.GetValues<SoakFault>().ToDictionary(k => k, k => _injected.GetValueOrDefault(k)),
            [.. _faults.OrderBy(f => f.AtSeconds)],
            new Dictionary<string, long>(_log.Checks, StringComparer.Ordinal),
            new Dictionary<string, long>(_log.ViolationCounts, StringComparer.Ordinal),
            _log.TotalViolations,
            _log.Violations,
            new PricesChecked(_book.Watch.Seen, _store.Watch.Seen, _clients.Sum(c => c.Watch.Seen)),
            _store.ReadErrors,
            _book.PollErrors,
            _clients.Sum(c => c.Connects),
            _clients.Sum(c => c.UnplannedDisconnects),
            _clients.Sum(c => c.RetriesAsked),
            figures,
            ProcFiles.LoadAverage(),
            new OrderFigures(_trader.Placed, _trader.StaleWindowOrders, new Dictionary<string, long>(_trader.Outcomes, StringComparer.Ordinal), _trader.ServerErrors),
            _provider.Figures);
    }

    /// <summary>The long run judges RSS growth after warm-up against the target; a short one only reports it (minutes of a fresh process are no trend).</summary>
    private void JudgeGrowth(ProcessFigures[] figures)
    {
        if (settings.Profile != "soak" || settings.Duration < SoakSettings.JudgedGrowthFrom)
        {
            return;
        }

        foreach (var process in figures)
        {
            _log.Checked("rss-growth");
            if (process.RssSlopePercentPerHour > SoakReport.RssTargetPercentPerHour)
            {
                _log.Violated("rss-growth", process.Name, Invariant(
                    $"RSS grows {process.RssSlopePercentPerHour:0.0} %/h after warm-up ({process.RssWarmUpMiB:0.0} → {process.RssEndMiB:0.0} MiB), target < {SoakReport.RssTargetPercentPerHour} %/h"));
            }
        }
    }

    private async Task ScheduleFaultsAsync()
    {
        var random = new Random(settings.Seed + 1);
        var from = settings.FaultsFrom.TotalSeconds;
        var until = settings.FaultsUntil.TotalSeconds;

        // Each kind's first fault falls early enough that even the short run sees every kind; then exponential gaps.
        var next = settings.MeanIntervals.ToDictionary(
            p => p.Key,
            p => from + (random.NextDouble() * Math.Min(p.Value.TotalSeconds, (until - from) * 0.7)));
        while (true)
        {
            var (kind, at) = next.MinBy(p => p.Value);
            if (at >= until)
            {
                return;
            }

            var wait = at - Now;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), interrupted);
            }

            // One master down at a time: the next kill waits until the last one's node has rejoined.
            if (kind == SoakFault.RedisMasterKill && _killing)
            {
                next[kind] = Now + 5;
                continue;
            }

            next[kind] = Now + Math.Max(1, -Math.Log(1 - random.NextDouble()) * settings.MeanIntervals[kind].TotalSeconds);
            _injected.AddOrUpdate(kind, 1, (_, n) => n + 1);
            var seed = random.Next();
            _pending.Add(Task.Run(() => InjectAsync(kind, new Random(seed))));
        }
    }

    private async Task InjectAsync(SoakFault kind, Random random)
    {
        var at = Now;
        string detail;
        try
        {
            detail = kind switch
            {
                SoakFault.FeedDrop => await HubFaultAsync(new { kind = "drop", feed = FeedName, duration_ms = random.Next(200, 3000) }),
                SoakFault.Stall => await StallAsync(random),
                SoakFault.Garbage => await HubFaultAsync(new { kind = "garbage", feed = FeedName, count = random.Next(1, 6) }),
                SoakFault.RedisMasterKill => await KillMasterAsync(random),
                SoakFault.ClientChurn => await ChurnAsync(random),
                SoakFault.OrderBurst => await _trader.BurstAsync(random.Next(3, 11), random, () => Now)
                    + "; " + await _provider.BurstAsync(random.Next(1, 4), random, settings.RecoveryDeadline),
                SoakFault.ProviderDisconnect => await _provider.DropLinkAsync(random, settings.RecoveryDeadline),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.Violated("fault-injected", kind.ToString(), ex.Message);
            _faults.Enqueue(new FaultRecovery(kind, Math.Round(at, 2), Math.Round(Now, 2), "failed: " + ex.Message, null));
            return;
        }

        var ended = Now;
        Say(Invariant($"fault {kind} at {at:0.0} s: {detail}"));
        var recovered = await RecoveryAsync(kind);
        _faults.Enqueue(new FaultRecovery(kind, Math.Round(at, 2), Math.Round(ended, 2), detail, recovered is { } r ? Math.Round(r, 2) : null));
    }

    /// <summary>POSTs a fault to the hub's control API and waits out its duration; the detail for the report.</summary>
    private async Task<string> HubFaultAsync(object fault, bool waitOut = true)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(_hub, "control/faults"), fault);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(Invariant($"the hub refused {System.Text.Json.JsonSerializer.Serialize(fault)}: {(int)response.StatusCode} {body}"));
        }

        var text = System.Text.Json.JsonSerializer.Serialize(fault);
        if (waitOut && fault.GetType().GetProperty("duration_ms")?.GetValue(fault) is int ms)
        {
            await Task.Delay(ms);
        }

        return text;
    }

    /// <summary>
    /// Stalls the feed: every other stall (the first always) outlasts the execution age limit by seconds, and orders sent
    /// inside its stale window must be refused with STALE_PRICE (or STORE_UNAVAILABLE when a master kill meets the stall:
    /// nothing done); the others end within it.
    /// </summary>
    private async Task<string> StallAsync(Random random)
    {
        var limit = settings.MaxExecutionAge.TotalSeconds;
        var isLong = Interlocked.Increment(ref _stalls) == 1 || random.Next(2) == 0;
        var seconds = isLong ? settings.MaxQuoteAge.TotalSeconds + 1 + (random.NextDouble() * 3) : limit * (0.3 + (random.NextDouble() * 0.6));
        var ms = (int)(seconds * 1000);
        var sent = Now;
        var detail = await HubFaultAsync(new { kind = "stall", feed = FeedName, duration_ms = ms }, waitOut: false);
        var started = Now;
        var end = sent + seconds;
        if (isLong)
        {
            // From the hub's answer (the stall surely began) plus the limit and a second for a quote already in flight, to the stall's end less a margin.
            var window = (From: started + limit + 1, Until: end - 0.3);
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, window.From - Now)));
            detail += "; " + await _trader.BurstAsync(random.Next(2, 6), random, () => Now, window);
        }

        var rest = end - Now;
        if (rest > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(rest));
        }

        return detail;
    }

    private async Task<string> KillMasterAsync(Random random)
    {
        _killing = true;
        try
        {
            var masters = await _nodes.MastersAsync();
            if (masters.Count == 0)
            {
                throw new InvalidOperationException("no master answers");
            }

            var port = masters[random.Next(masters.Count)];
            var killed = Stopwatch.StartNew();
            _nodes.Kill(port);
            await WaitAsync(() => _nodes.FailedOverAsync(port), Invariant($"the cluster fails over from {port}"), TimeSpan.FromSeconds(30));
            var failover = killed.Elapsed.TotalSeconds;
            await _nodes.RestartAsync(port);
            await WaitAsync(() => _nodes.RejoinedAsReplicaAsync(port), Invariant($"{port} rejoins as a replica"), TimeSpan.FromSeconds(60));
            return Invariant($"SIGKILL master {port}; failed over after {failover:0.0} s; rejoined as a replica after {killed.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            _killing = false;
        }
    }

    private async Task<string> ChurnAsync(Random random)
    {
        var count = random.Next(1, Math.Max(2, (_clients.Count / 4) + 1));
        var chosen = random.GetItems(_clients.ToArray(), count).Distinct().ToArray();
        foreach (var client in chosen)
        {
            client.Churn(TimeSpan.FromMilliseconds(random.Next(50, 2000)));
        }

        await WaitAsync(() => Task.FromResult(chosen.All(c => c.Subscribed)), "churned clients resubscribe", settings.RecoveryDeadline);
        return Invariant($"{chosen.Length} clients dropped and resubscribed");
    }

    /// <summary>Seconds after the fault's end until the book, the store and every subscribed client have newer prices; null (a violation) if not within the deadline.</summary>
    private async Task<double?> RecoveryAsync(SoakFault kind)
    {
        var watch = Stopwatch.StartNew();
        var book = _book.Watch.Snapshot();
        var store = _store.Watch.Snapshot();
        var clients = _clients.Select(c => (Client: c, Newest: c.Watch.Snapshot())).ToArray();
        _log.Checked("recovery");
        bool Recovered() =>
            _book.Watch.AdvancedPast(book)
            && _store.Watch.AdvancedPast(store)
            && clients.All(c => c.Newest.Any(p => c.Client.Watch.Newest.GetValueOrDefault(p.Key) > p.Value));
        while (!Recovered())
        {
            if (watch.Elapsed > settings.RecoveryDeadline)
            {
                var lagging = clients.Count(c => !c.Newest.Any(p => c.Client.Watch.Newest.GetValueOrDefault(p.Key) > p.Value));
                _log.Violated("recovery", kind.ToString(), Invariant(
                    $"prices not flowing {settings.RecoveryDeadline.TotalSeconds:0} s after the fault: book {(_book.Watch.AdvancedPast(book) ? "ok" : "stuck")}, redis {(_store.Watch.AdvancedPast(store) ? "ok" : "stuck")}, {lagging} clients without a newer price"));
                return null;
            }

            await Task.Delay(250);
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>At the end every process still runs and answers its health address, and every Redis node is back.</summary>
    private async Task CheckAliveAsync(SoakProcess[] processes, Uri market, Uri gateway, Uri execControl)
    {
        (SoakProcess Process, Uri Address)[] checks =
        [
            (processes[0], new Uri(_hub, "health")),
            (processes[1], new Uri(market, "health/ready")),
            (processes[2], new Uri(gateway, "health")),
            (processes[3], new Uri(execControl, "health")),
        ];
        foreach (var (process, address) in checks)
        {
            _log.Checked("alive-at-end");
            if (process.HasExited)
            {
                continue; // Already a no-crash violation, with its exit code.
            }

            var deadline = Stopwatch.StartNew();
            while (!await SoakProcess.AnswersAsync(_http, address))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    _log.Violated("alive-at-end", process.Name, $"{address} does not answer with success; last output: {process.LastLines()}");
                    break;
                }

                await Task.Delay(500);
            }
        }

        _log.Checked("alive-at-end");
        if ((await _nodes.MastersAsync()).Count != 3)
        {
            _log.Violated("alive-at-end", "redis cluster", "not 3 masters answering at the end");
        }
    }

    private async Task SampleAsync(ResourceSeries[] series, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(settings.SampleInterval);
        try
        {
            do
            {
                foreach (var s in series)
                {
                    await s.SampleAsync(_http, Now);
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    /// <summary>The harness's own waiting (not a test's): polls <paramref name="condition"/> until true, or fails after <paramref name="timeout"/>.</summary>
    private static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException(Invariant($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}."));
            }

            await Task.Delay(200);
        }
    }

    private void Say(string line) => Console.WriteLine(Invariant($"[{Now,7:0.0} s] {line}"));
}
