using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Tickwatch.Cli.Logging;
using Tickwatch.Gateway.Hosting;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch gateway</c>: the user-facing API on port 3000.</summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var command = new Command("gateway", "Run the gateway: client API with quotes, live prices, market service health and proxy (port 3000).")
        {
            configFile,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var configuration = CliConfiguration.Build(parse, configFile);
            await using var logger = TickwatchLogging.Create(configuration, "gateway");
            await using var gateway = GatewayHost.Build([], b => b.UseTickwatchLogging(logger).Configuration.AddConfiguration(configuration));
            await gateway.StartAsync(cancel).ConfigureAwait(false);
            await gateway.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
