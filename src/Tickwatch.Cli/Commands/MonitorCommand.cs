using System.CommandLine;
using Tickwatch.Cli.Operations;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch monitor</c>: the guide's monitoring script — Redis, WebSocket and freshness every minute with its alert lines — done by Tickwatch.</summary>
internal static class MonitorCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var url = OperatorOptions.Url();
        var token = OperatorOptions.Token();
        var interval = new Option<string>("--interval")
        {
            Description = "Time between rounds: 60s, 2m, 500ms or 00:01:00.",
            DefaultValueFactory = _ => "60s",
        };
        var once = new Option<bool>("--once") { Description = "Run one round and exit: 0 when nothing alerted, 1 when something did." };
        var command = new Command("monitor", "Watch the market service as the guide's monitor_production.sh does: Redis state, WebSocket listeners and data freshness, with its alert lines.")
        {
            url,
            token,
            interval,
            once,
        };
        command.SetAction((parse, cancel) =>
            RunAsync(parse.GetValue(url), parse.GetValue(token), parse.GetValue(interval), parse.GetValue(once), Console.Out, Console.Error, TimeProvider.System, cancel));
        return command;
    }

    public static async Task<int> RunAsync(
        string? url, string? token, string? interval, bool once, TextWriter output, TextWriter errors, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (!IntervalParser.TryParse(interval, out var every))
        {
            await errors.WriteLineAsync($"❌ --interval '{interval}' is not a positive interval (e.g. 60s, 2m, 500ms, 00:01:00).").ConfigureAwait(false);
            return 2;
        }

        if (OperatorClient.ParseBaseAddress(url, out var problem) is not { } baseAddress)
        {
            await errors.WriteLineAsync($"❌ {problem}").ConfigureAwait(false);
            return 2;
        }

        using var client = new OperatorClient(baseAddress, OperatorClient.ResolveToken(token), RequestTimeout);
        return await new MonitorRunner(client, output, time).RunAsync(every, once, cancellationToken).ConfigureAwait(false);
    }
}
