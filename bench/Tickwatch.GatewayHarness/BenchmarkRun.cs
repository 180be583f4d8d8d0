using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
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
        Console.WriteLine($"Client receive buffer {(settings.ClientReceiveBuffer is { } rb ? rb + " bytes" : "system default")}; gateway settings: {(settings.GatewaySettings.Count + settings.GatewayEnvironment.Count == 0 ? "defaults" : string.Join(", ", settings.GatewaySettings.Concat(settings.GatewayEnvironment).Select(p => p.Key + "=" + p.Value)))}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {loadAtStart}");

        var key = AccessTokens.NewSigningKey();
        await using var gateway = GatewayProcess.Start(key, settings.GatewaySettings, settings.GatewayEnvironment);
        var baseAddress = await gateway.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        Console.WriteLine($"Gateway process {gateway.Id} listening on {baseAddress}");
        await using var rss = new ResidentSampler(gateway.Id);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var symbols = (await http.GetFromJsonAsync<string[]>(new Uri("/bench/symbols", UriKind.Relative)))!;
        if (settings.SymbolsPerClient > symbols.Length)
        {
            throw new ArgumentException($"The gateway has {symbols.Length} symbols; --symbols-per-client {settings.SymbolsPerClient} is more.");
        }

        var rssIdle = rss.CurrentBytes;

        // Client c takes symbols from c * per-client onwards, wrapping: every symbol is taken by about the same number of clients.
        var latency = new LatencyHistogram();
        var ageAtSend = new LatencyHistogram();
        var counters = new BenchCounters();
        var jwt = new JwtOptions { SigningKey = key };
        var clients = Enumerable.Range(0, settings.Clients)
            .Select(c => new BenchClient(
                [.. Enumerable.Range(0, settings.SymbolsPerClient).Select(j => symbols[((c * settings.SymbolsPerClient) + j) % symbols.Length])],
                latency,
                ageAtSend,
                counters))
            .ToArray();
        var subscribers = symbols.ToDictionary(s => s, s => clients.Count(c => c.Symbols.Contains(s)));
        Console.WriteLine($"{symbols.Length} symbols (the gateway's standard instruments); subscribers per symbol {subscribers.Values.Min()}..{subscribers.Values.Max()}");

        using var invoker = ClientConnections.Invoker(settings.ClientReceiveBuffer);
        var streamUri = new Uri($"ws://{baseAddress.Authority}/api/stream");
        using var reading = new CancellationTokenSource();
        var readers = new List<Task>(clients.Length);
        var connecting = Stopwatch.StartNew();
        using (var throttle = new SemaphoreSlim(32))
        {
            await Task.WhenAll(clients.Select(async (client, i) =>
            {
                await throttle.WaitAsync();
                try
                {
                    var token = AccessTokens.Mint(jwt, (i + 1).ToString(CultureInfo.InvariantCulture), "live", DateTimeOffset.UtcNow, TimeSpan.FromHours(2));
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await client.ConnectAsync(streamUri, token, invoker, timeout.Token);
                }
                finally
                {
                    throttle.Release();
                }
            }));
        }

        foreach (var client in clients)
        {
            readers.Add(Task.Run(() => client.ReadAsync(reading.Token)));
        }

        await Task.WhenAll(clients.Select(c => c.Subscribed)).WaitAsync(TimeSpan.FromSeconds(60));
        Console.WriteLine($"{clients.Length} clients connected and subscribed in {connecting.Elapsed.TotalSeconds:0.0} s; gateway RSS {Mb(rss.CurrentBytes)} (idle before clients {Mb(rssIdle)})");

        (await http.PostAsync(new Uri($"/bench/feed/start?rate={settings.Rate}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds));

        // The measured window.
        var before = await StreamStats.ReadAsync(http);
        var gatewayCpuBefore = ProcFiles.ProcessCpu(gateway.Id);
        var harnessCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = ProcFiles.MachineBusy();
        var loadBefore = ProcFiles.LoadAverage();
        var windowStarted = Stopwatch.GetTimestamp();
        rss.StartWindow();
        counters.Recording = true;
        await Task.Delay(TimeSpan.FromSeconds(settings.Seconds));
        counters.Recording = false;
        rss.EndWindow();
        var window = Stopwatch.GetElapsedTime(windowStarted).TotalSeconds;
        var machineAfter = ProcFiles.MachineBusy();
        var harnessCpu = (Process.GetCurrentProcess().TotalProcessorTime - harnessCpuBefore).TotalSeconds / window;
        var gatewayCpu = (ProcFiles.ProcessCpu(gateway.Id) - gatewayCpuBefore)?.TotalSeconds / window;
        var machineCpu = (machineAfter - machineBefore)?.TotalSeconds / window;
        var loadAfter = ProcFiles.LoadAverage();
        var after = await StreamStats.ReadAsync(http);

        using var stopped = await http.PostAsync(new Uri("/bench/feed/stop", UriKind.Relative), null);
        stopped.EnsureSuccessStatusCode();
        var source = (await stopped.Content.ReadFromJsonAsync<FeedStopReply>(SnakeCase))!;

        // Final check: every client's last price of each symbol is the source's last (waiting up to the settle time for it).
        var last = source.Last.ToDictionary(l => l.Symbol, StringComparer.Ordinal);
        var settling = Stopwatch.StartNew();
        int mismatches;
        do
        {
            mismatches = clients.Where(c => c.EndedBecause is null).Sum(c => Enumerable.Range(0, c.Symbols.Count).Count(i =>
                c.Last(i) != (last[c.Symbols[i]].Sequence, last[c.Symbols[i]].Bid, last[c.Symbols[i]].Ask)));
            if (mismatches == 0)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (settling.Elapsed < TimeSpan.FromSeconds(settings.SettleSeconds));

        var settled = settling.Elapsed;
        var final = await StreamStats.ReadAsync(http);
        var (rssMean, rssWindowMax) = rss.Window();
        await reading.CancelAsync();
        await Task.WhenAll(readers);
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));

        var frames = counters.Frames;
        var between = (after.Timestamp - before.Timestamp).TotalSeconds;
        var checkedPairs = clients.Where(c => c.EndedBecause is null).Sum(c => c.Symbols.Count);
        var sent = after.PricesSent - before.PricesSent;
        var conflated = after.PricesConflated - before.PricesConflated;
        var received = after.UpdatesReceived - before.UpdatesReceived;
        var dropped = final.ClientsDroppedSlow;
        var ended = clients.Where(c => c.EndedBecause is not null).ToList();
        var otherCpu = machineCpu - gatewayCpu - harnessCpu;
        var pacerCpu = source.PacerCpuSeconds / source.ElapsedSeconds;

        Console.WriteLine();
        Console.WriteLine($"Source (in the gateway process): offered {source.Offered:N0} in {source.ElapsedSeconds:0.0} s = {source.Offered / source.ElapsedSeconds:N0}/s; pacer thread {pacerCpu:0.00} cores");
        Console.WriteLine($"Gateway received {received / between:N0} updates/s from the store writer ({after.UpdatesNotNewer - before.UpdatesNotNewer:N0} not newer)");
        Console.WriteLine($"Tick-to-client latency over {frames:N0} prices: p50 {latency.Percentile(50):0.00} ms, p90 {latency.Percentile(90):0.00} ms, p99 {latency.Percentile(99):0.00} ms, p99.9 {latency.Percentile(99.9):0.00} ms, max {latency.MaxMilliseconds:0.00} ms");
        Console.WriteLine($"  of which source to gateway send (age_ms): p50 {ageAtSend.Percentile(50):0.00} ms, p99 {ageAtSend.Percentile(99):0.00} ms, max {ageAtSend.MaxMilliseconds:0.00} ms; the rest is socket and client");
        Console.WriteLine($"Delivered {frames / window:N0} prices/s to clients ({sent / between:N0}/s sent by the gateway, its counters over {between:0.0} s); conflated {conflated / between:N0}/s ({100.0 * conflated / Math.Max(1, conflated + sent):0.0} % of client-updates skipped for a newer one)");
        Console.WriteLine($"Worst client lag at window end {after.WorstLagMs:0.0} ms; clients dropped slow {dropped}; streams ended early {ended.Count}{(ended.Count > 0 ? " (" + ended[0].EndedBecause + ")" : "")}; not-newer prices seen {counters.NotNewer}; other messages {counters.Other}");
        Console.WriteLine($"Gateway RSS: idle {Mb(rssIdle)}, window mean {Mb((long)rssMean)}, window max {Mb(rssWindowMax)}, peak of run {Mb(rss.PeakBytes)}");
        Console.WriteLine($"CPU (cores, of {Environment.ProcessorCount}): gateway process {gatewayCpu:0.00} (of which pacer thread {pacerCpu:0.00}), harness clients {harnessCpu:0.00}, everything else on the machine {otherCpu:0.00}");
        Console.WriteLine($"CPU per frame: gateway process {gatewayCpu * 1e6 / (sent / between):0.00} µs per frame it sent, harness {harnessCpu * 1e6 / (frames / window):0.00} µs per frame read");
        Console.WriteLine($"Load average: start {loadAtStart}, window start {loadBefore}, window end {loadAfter}");
        Console.WriteLine($"Final check: {(mismatches == 0 ? "every" : $"{mismatches} of {checkedPairs}")} client-symbol last price{(mismatches == 0 ? " equals" : "s differ from")} the source's last, after {settled.TotalSeconds:0.0} s ({checkedPairs} pairs of the clients still connected)");
        Console.WriteLine();
        Console.WriteLine("| clients x symbols | feed | prices delivered/s | p50 / p90 / p99 / p99.9 / max (ms) | conflated | dropped | gateway RSS mean / peak | CPU gateway / harness / other | load avg (window start) | final check |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {settings.Clients} x {settings.SymbolsPerClient} | {source.Offered / source.ElapsedSeconds:N0}/s | {frames / window:N0} | {latency.Percentile(50):0.00} / {latency.Percentile(90):0.00} / {latency.Percentile(99):0.00} / {latency.Percentile(99.9):0.00} / {latency.MaxMilliseconds:0.0} | {100.0 * conflated / Math.Max(1, conflated + sent):0.0} % | {dropped + ended.Count} | {Mb((long)rssMean)} / {Mb(rss.PeakBytes)} | {gatewayCpu:0.00} / {harnessCpu:0.00} / {otherCpu:0.00} | {loadBefore} | {(mismatches == 0 ? "ok" : mismatches + " differ")} |"));
        return mismatches == 0 && counters.NotNewer == 0 ? 0 : 1;
    }

    private static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0", CultureInfo.InvariantCulture) + " MB" : "?";
}
