using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Hosting;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch up</c>: every role in one process with embedded defaults (in-memory store, built-in quote hub).</summary>
internal static class UpCommand
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var noHub = new Option<bool>("--no-hub")
        {
            Description = "Do not start the built-in quote hub; use the feeds configured under Feeds.",
        };
        var command = new Command("up", "Run the whole system in one process: quote hub (9001) and market service (8000).")
        {
            configFile,
            noHub,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(() => RunAsync(CliConfiguration.Build(parse, configFile), parse.GetValue(noHub), cancel)));
        return command;
    }

    private static async Task<int> RunAsync(IConfigurationRoot configuration, bool noHub, CancellationToken cancel)
    {
        WebApplication? hub = null;
        var feeds = new Dictionary<string, string?>();
        if (!noHub)
        {
            hub = QuoteHubHost.Build(configuration);
            await hub.StartAsync(cancel).ConfigureAwait(false);
            if (!configuration.GetSection("Feeds").GetChildren().Any())
            {
                // The market listens to the hub it just started, wherever it bound.
                var address = QuoteHubHost.GetBaseAddress(hub);
                var hubWs = $"ws://{address.Authority}";
                var i = 0;
                foreach (var feed in DefaultFeeds.ForQuoteHub(hubWs))
                {
                    feeds[$"Feeds:{i}:Name"] = feed.Name;
                    feeds[$"Feeds:{i}:Protocol"] = feed.Protocol.ToString();
                    feeds[$"Feeds:{i}:Url"] = feed.Url!.ToString();
                    feeds[$"Feeds:{i}:Token"] = configuration["QuoteHub:Token"];
                    i++;
                }
            }
        }

        await using var market = MarketServiceHost.Build([], b => b.Configuration.AddConfiguration(configuration).AddInMemoryCollection(feeds));
        try
        {
            await market.StartAsync(cancel).ConfigureAwait(false);
            PrintBanner(market, hub);
            await Task.WhenAny(
                market.WaitForShutdownAsync(cancel),
                hub?.WaitForShutdownAsync(cancel) ?? Task.Delay(Timeout.Infinite, cancel)).ConfigureAwait(false);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(ShutdownTimeout);
            await market.StopAsync(stopping.Token).ConfigureAwait(false);
            if (hub is not null)
            {
                await hub.StopAsync(stopping.Token).ConfigureAwait(false);
                await hub.DisposeAsync().ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static void PrintBanner(WebApplication market, WebApplication? hub)
    {
        var marketUrl = market.Urls.First().TrimEnd('/').Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Console.WriteLine();
        Console.WriteLine("Tickwatch is up: in-memory price book" + (hub is null ? "." : ", fed by the built-in quote hub."));
        Console.WriteLine($"  Market service   {marketUrl}");
        if (hub is not null)
        {
            var hubUrl = QuoteHubHost.GetBaseAddress(hub).ToString().TrimEnd('/');
            Console.WriteLine($"  Quote hub        {hubUrl}/control/status  (feeds {hubUrl.Replace("http", "ws", StringComparison.Ordinal)}/ws/json and /ws/binary)");
        }

        Console.WriteLine();
        Console.WriteLine("Try the operators' guide:");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/websocket | jq '.connection_status.is_running'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/websocket | jq '.connection_history.success_rate'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/market-data | jq '.data_freshness.freshness_rate'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/market-data | jq '.symbol_analysis.EURUSD'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/services | jq '.services | map_values(.state)'");
        Console.WriteLine($"  curl -s {marketUrl}/health/ready | jq '.failing_checks'");
        if (hub is not null)
        {
            var hubUrl = QuoteHubHost.GetBaseAddress(hub).ToString().TrimEnd('/');
            Console.WriteLine("Freeze EURUSD for 30 s and watch it go stale:");
            Console.WriteLine($"  curl -s -X POST {hubUrl}/control/faults -H 'content-type: application/json' -d '{{\"kind\":\"freeze\",\"symbol\":\"EURUSD\",\"duration_ms\":30000}}'");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
