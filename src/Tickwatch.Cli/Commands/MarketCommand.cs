using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Tickwatch.Cli.Logging;
using Tickwatch.Market.Hosting;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch market</c>: the market service on port 8000.</summary>
internal static class MarketCommand
{
    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var command = new Command("market", "Run the market service: feed listeners, price book and diagnostics (port 8000).")
        {
            configFile,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var configuration = CliConfiguration.Build(parse, configFile);
            await using var logger = TickwatchLogging.Create(configuration, "market");
            await using var market = MarketServiceHost.Build([], b => b.UseTickwatchLogging(logger).Configuration.AddConfiguration(configuration));
            await market.StartAsync(cancel).ConfigureAwait(false);
            await market.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
