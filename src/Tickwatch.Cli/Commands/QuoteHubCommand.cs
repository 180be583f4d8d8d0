using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Tickwatch.Cli.Logging;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch quote-hub</c>: the development quote hub on port 9001.</summary>
internal static class QuoteHubCommand
{
    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var command = new Command("quote-hub", "Run the quote hub: both reference feed protocols over WebSocket from a price model, with fault injection (port 9001).")
        {
            configFile,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var configuration = CliConfiguration.Build(parse, configFile);
            await using var logger = TickwatchLogging.Create(configuration, "quote-hub");
            using var logs = TickwatchLogging.CreateFactory(logger);
            await using var hub = QuoteHubHost.Build(configuration, loggerFactory: logs);
            await hub.StartAsync(cancel).ConfigureAwait(false);
            Console.WriteLine($"Quote hub: {QuoteHubHost.GetBaseAddress(hub)}control/status");
            await hub.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
