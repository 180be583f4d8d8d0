using System.CommandLine;
using Tickwatch.Cli.Operations;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch diagnose</c>: asks the market service what is wrong, why and what to do, and exits 0 (ok), 1 (warning), 2 (critical) or 3 (no diagnosis).</summary>
internal static class DiagnoseCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var url = OperatorOptions.Url();
        var token = OperatorOptions.Token();
        var json = new Option<bool>("--json") { Description = "Print the diagnosis as JSON (the body of /api/debug/diagnosis)." };
        var command = new Command("diagnose", "Diagnose the market service: each finding with its symptom, root cause, evidence and action. Exit code 0 ok, 1 warning, 2 critical, 3 unreachable.")
        {
            url,
            token,
            json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(url), parse.GetValue(token), parse.GetValue(json), Console.Out, Console.Error, TerminalStyle.ForConsole(), cancel));
        return command;
    }

    public static async Task<int> RunAsync(string? url, string? token, bool json, TextWriter output, TextWriter errors, TerminalStyle style, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (OperatorClient.ParseBaseAddress(url, out var problem) is not { } baseAddress)
        {
            await errors.WriteLineAsync($"❌ {problem}").ConfigureAwait(false);
            return DiagnoseExitCode.Unavailable;
        }

        using var client = new OperatorClient(baseAddress, OperatorClient.ResolveToken(token), RequestTimeout);
        try
        {
            var report = await client.GetJsonAsync("/api/debug/diagnosis", cancellationToken).ConfigureAwait(false);
            if (json)
            {
                await output.WriteLineAsync(report.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                return DiagnoseExitCode.Of(report["status"]?.GetValue<string>());
            }

            return new DiagnosisPrinter(output, style).Print(report, baseAddress);
        }
        catch (OperatorClientException ex)
        {
            await errors.WriteLineAsync($"❌ No diagnosis: {ex.Message}").ConfigureAwait(false);
            return DiagnoseExitCode.Unavailable;
        }
    }
}
