using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Tickwatch.Cli.Logging;
using Tickwatch.Simulators.ExecGateway;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch exec-gateway</c>: the development execution gateway, the provider link's other end, on port 9002.</summary>
internal static class ExecGatewayCommand
{
    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var command = new Command("exec-gateway", "Run the execution gateway: the provider link (length-framed MessagePack) on port 9002, filling at the quote hub's prices, with rejects, delays, repeats and drops (control API on 9003).")
        {
            configFile,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var configuration = CliConfiguration.Build(parse, configFile);
            await using var logger = TickwatchLogging.Create(configuration, "exec-gateway");
            using var logs = TickwatchLogging.CreateFactory(logger);
            await using var gateway = ExecGatewayHost.Build(configuration, loggerFactory: logs);
            await gateway.StartAsync(cancel).ConfigureAwait(false);
            Console.WriteLine($"Execution gateway: link on {ExecGatewayHost.GetLinkEndPoint(gateway)}, control on {ExecGatewayHost.GetControlAddress(gateway)}control/status");
            await gateway.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
