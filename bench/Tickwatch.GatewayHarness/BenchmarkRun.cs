using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Tickwatch.BenchSupport;
using Tickwatch.Gateway.Auth;

namespace Tickwatch.GatewayHarness;

/// <summary>One run: gateway process up, clients connected and subscribed, feed on, warm-up, measured window, feed off, final check, report.</summary>
internal static class BenchmarkRun
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(HarnessSettings settings)
    {
        var loadAtStart = ProcFiles.LoadAverage();
        Console.WriteLine($"Gateway harness: {settings.Clients} clients x {settings.SymbolsPerClient} symbols, feed {settings.Rate:N0} updates/s, {settings.Seconds} s measured after {settings.WarmupSeconds} s of warm-up");
        Console.WriteLine($"Client mode {ClientModeText(settings)}; {(settings.TimedClientsEvery == 1 ? "every client" : $"every {settings.TimedClientsEvery}th client")} records latencies, all check order; client receive buffer {(settings.ClientReceiveBuffer is { } rb ? rb + " bytes" : "system default")}; gateway settings passed: {settings.GatewayArguments}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {loadAtStart}");

        var key = AccessTokens.NewSigningKey();
        var gatewaySettings = new Dictionary<string, string>(StringComparer.Ordinal) { ["Jwt:SigningKey"] = key };
        foreach (var (name, value) in settings.GatewaySettings)
        {
            gatewaySettings[name] = value;
        }

        await using var gateway = ServeProcess.Start("gateway", gatewaySettings, settings.GatewayEnvironment);
        var baseAddress = await gateway.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        Console.WriteLine($"Gateway process {gateway.Id} listening on {baseAddress}");
        await using var rss = new ResidentSampler(gateway.Id);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var effective = (await http.GetFromJsonAsync<string[]>(new Uri("/bench/settings", UriKind.Relative)))!;
        Console.WriteLine($"Gateway runs with: {string.Join(", ", effective)}");
        var symbols = (await http.GetFromJsonAsync<string[]>(new Uri("/bench/symbols", UriKind.Relative)))!;
        var rssIdle = rss.CurrentBytes;
        var figures = new DeliveryFigures();
        var counters = figures.Counters;
        var connecting = Stopwatch.StartNew();
        await using var fleet = await ClientFleet.ConnectAsync(
            settings, settings.Clients, settings.SymbolsPerClient, symbols, baseAddress, new JwtOptions { SigningKey = key }, figures);
        var clients = fleet.Clients;
        var subscribers = fleet.Subscribers(symbols);
        Console.WriteLine($"{symbols.Length} symbols (the gateway's standard instruments); subscribers per symbol {subscribers.Values.Min()}..{subscribers.Values.Max()}");
        Console.WriteLine($"{clients.Length} clients connected and subscribed in {connecting.Elapsed.TotalSeconds:0.0} s; gateway RSS {Mb(rss.CurrentBytes)} (idle before clients {Mb(rssIdle)})");

        (await http.PostAsync(new Uri($"/bench/feed/start?rate={settings.Rate}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds));

        // The measured window.
        var before = await StreamStats.ReadAsync(http);
        var gatewayCpuBefore = ProcFiles.ProcessCpu(gateway.Id);
        var harnessCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = ProcFiles.MachineBusy();
        var stealBefore = ProcFiles.MachineSteal();
        var gatewayGcBefore = (await http.GetFromJsonAsync<GcTotals>(new Uri("/bench/gc", UriKind.Relative), SnakeCase))!;
        var harnessGcBefore = GcTotals.OfThisProcess();
        (await http.PostAsync(new Uri("/bench/staleness/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var loadBefore = ProcFiles.LoadAverage();
        var windowStarted = Stopwatch.GetTimestamp();
        rss.StartWindow();
        counters.Recording = true;
        await Task.Delay(TimeSpan.FromSeconds(settings.Seconds));
        counters.Recording = false;
        rss.EndWindow();
        var window = Stopwatch.GetElapsedTime(windowStarted).TotalSeconds;
        var machineAfter = ProcFiles.MachineBusy();
        var steal = (ProcFiles.MachineSteal() - stealBefore)?.TotalSeconds / window;
        var harnessGc = GcTotals.OfThisProcess().Since(harnessGcBefore);
        var harnessCpu = (Process.GetCurrentProcess().TotalProcessorTime - harnessCpuBefore).TotalSeconds / window;
        var gatewayCpu = (ProcFiles.ProcessCpu(gateway.Id) - gatewayCpuBefore)?.TotalSeconds / window;
        var machineCpu = (machineAfter - machineBefore)?.TotalSeconds / window;
        var loadAfter = ProcFiles.LoadAverage();
        var after = await StreamStats.ReadAsync(http);
        var staleness = (await http.GetFromJsonAsync<StalenessFigures>(new Uri("/bench/staleness", UriKind.Relative), SnakeCase))!;
        var tickToStore = await http.GetStringAsync(new Uri("/bench/writer", UriKind.Relative));
        var gatewayGc = (await http.GetFromJsonAsync<GcTotals>(new Uri("/bench/gc", UriKind.Relative), SnakeCase))!.Since(gatewayGcBefore);
        var shownQueries = await ShownQueryProbe.RunAsync(http, [.. clients.Select(c => c.Symbols)]);

        using var stopped = await http.PostAsync(new Uri("/bench/feed/stop", UriKind.Relative), null);
        stopped.EnsureSuccessStatusCode();
        var source = (await stopped.Content.ReadFromJsonAsync<FeedStopReply>(SnakeCase))!;

        // Final check: every client's last price of each symbol is the source's last (waiting up to the settle time for it).
        var check = await fleet.CheckAsync(
            source.Last.ToDictionary(l => l.Symbol, l => (l.Sequence, l.Bid, l.Ask), StringComparer.Ordinal), TimeSpan.FromSeconds(settings.SettleSeconds));
        var final = await StreamStats.ReadAsync(http);
        var (rssMean, rssWindowMax) = rss.Window();
        await fleet.DisposeAsync();

        var report = new RunReport(settings, effective, figures)
        {
            Source = source,
            Before = before,
            After = after,
            Final = final,
            Window = window,
            GatewayCpu = gatewayCpu,
            HarnessCpu = harnessCpu,
            OtherCpu = machineCpu - gatewayCpu - harnessCpu,
            Steal = steal,
            GatewayGc = gatewayGc,
            TickToStore = tickToStore,
            Staleness = staleness,
            HarnessGc = harnessGc,
            RssIdle = rssIdle,
            RssMean = rssMean,
            RssWindowMax = rssWindowMax,
            RssPeak = rss.PeakBytes,
            LoadAtStart = loadAtStart,
            LoadBefore = loadBefore,
            LoadAfter = loadAfter,
            Ended = check.Ended,
            FirstEndedBecause = check.FirstEndedBecause,
            CheckedPairs = check.CheckedPairs,
            Mismatches = check.Mismatches,
            Misread = check.Misread,
            Settled = check.Settled,
        };
        report.Print();
        Console.WriteLine(shownQueries);
        return report.Passed ? 0 : 1;
    }

    internal static string ClientModeText(HarnessSettings settings) =>
        settings.ClientMode == ClientMode.Poll ? $"poll ({settings.PollThreads} reader threads, Socket.Select)" : "async (ClientWebSocket, a receive loop each)";

    internal static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0", CultureInfo.InvariantCulture) + " MB" : "?";
}
