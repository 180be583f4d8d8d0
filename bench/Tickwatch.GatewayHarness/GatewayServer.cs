using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Writing;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The child process: the gateway on a loopback port with an in-memory store, fed by the market's store writer (which
/// announces each written price) from a paced source; <c>/bench/feed/*</c> lets the harness start and stop the feed, and
/// <c>/bench/settings</c> says which stream settings the gateway runs with, <c>/bench/gc</c> its collections so far, <c>/bench/writer</c> the store writer's tick-to-store latency, <c>/bench/staleness</c> what the <see cref="StalenessSampler"/> saw since <c>/bench/staleness/start</c>.
/// It says where it listens and ends when its standard input closes (<see cref="ServeProcess"/>).
/// </summary>
internal static class GatewayServer
{
    public static async Task RunAsync()
    {
        var time = TimeProvider.System;
        var store = new InMemoryPriceStore(time);
        var hub = new InMemoryPriceAnnouncements();
        var symbols = SymbolCatalog.Create(new PricesOptions());
        var names = symbols.All.Select(s => s.Symbol).ToArray();
        var writer = new PriceStoreWriter(store, hub, time, Options.Create(new PriceStoreWriterOptions()));
        using var stopWriter = new CancellationTokenSource();
        var writing = writer.RunAsync(stopWriter.Token);

        QuotePacer? pacer = null;
        Thread? pacerThread = null;
        long started = 0;
        long lastSequence = 0;
        var gate = new Lock();

        using var staleness = new StalenessSampler(hub, names);
        var app = GatewayHost.Build(
            [],
            b =>
            {
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Gateway:Port"] = "0",
                    ["Gateway:MarketServiceUrl"] = "http://127.0.0.1:1",
                });
                b.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            },
            new GatewaySharedServices(store, hub, symbols));

        var bench = app.MapGroup("/bench");
        bench.MapGet("/symbols", () => names);
        bench.MapGet("/gc", GcTotals.OfThisProcess);
        bench.MapPost("/staleness/start", staleness.Start);
        bench.MapGet("/staleness", staleness.Read);
        bench.MapGet("/writer", () => writer.GetStatistics().TickToStoreLatency);
        bench.MapGet("/settings", (IOptions<StreamOptions> stream, IOptions<GatewayOptions> gateway) => EffectiveSettings.Describe(stream.Value, gateway.Value));
        bench.MapPost("/feed/start", (int rate) =>
        {
            lock (gate)
            {
                if (pacer is not null)
                {
                    return Results.Conflict("the feed is running");
                }

                var run = new QuotePacer(writer, names, rate);
                var first = lastSequence;
                pacer = run;
                started = Stopwatch.GetTimestamp();
                pacerThread = new Thread(() => run.Run(first)) { IsBackground = true, Name = "bench-pacer" };
                pacerThread.Start();
                return Results.Ok();
            }
        });
        bench.MapPost("/feed/stop", async () =>
        {
            QuotePacer run;
            lock (gate)
            {
                if (pacer is null)
                {
                    return Results.Conflict("the feed is not running");
                }

                run = pacer;
                run.Stop();
                pacerThread!.Join();
                pacer = null;
                lastSequence = run.LastSequence;
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var deadline = Stopwatch.StartNew();
            while (!writer.IsIdle && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(5);
            }

            var last = run.Newest
                .Where(q => q is not null)
                .Select(q => new SourceLast(q!.Symbol, q.BookSequence, q.Bid, q.Ask))
                .ToList();
            return Results.Ok(new FeedStopReply(run.Offered, run.ThreadCpu?.TotalSeconds, elapsed, last));
        });

        await app.StartAsync();
        ServeProcess.SayReady(new Uri(app.Urls.First()));
        await ServeProcess.UntilHarnessEndsAsync();
        pacer?.Stop();
        await app.StopAsync();
        await app.DisposeAsync();
        await stopWriter.CancelAsync();
        await writing;
    }
}
