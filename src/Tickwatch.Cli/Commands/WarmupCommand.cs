using System.CommandLine;
using System.Globalization;
using Tickwatch.Cli.Operations;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// <c>tickwatch warmup</c>: asks the running market service to load the last stored prices now (the guide's Scenario 3,
/// "trigger warmup"); they are shown as warmed-up, never fresh, until live prices arrive. Exit code 0 when it ran, 1 when not.
/// </summary>
internal static class WarmupCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var url = OperatorOptions.Url();
        var token = OperatorOptions.Token();
        var command = new Command("warmup", "Load the last stored prices into the running market service now; they are shown as warmed-up, never fresh, until live prices arrive.")
        {
            url,
            token,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(url), parse.GetValue(token), Console.Out, Console.Error, cancel));
        return command;
    }

    public static async Task<int> RunAsync(string? url, string? token, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (OperatorClient.ParseBaseAddress(url, out var problem) is not { } baseAddress)
        {
            await errors.WriteLineAsync($"❌ {problem}").ConfigureAwait(false);
            return 1;
        }

        using var client = new OperatorClient(baseAddress, OperatorClient.ResolveToken(token), RequestTimeout);
        try
        {
            var run = await client.PostJsonAsync("/api/debug/warmup", cancellationToken).ConfigureAwait(false);
            var result = run["result"]!;
            var missing = result["missing_symbols"]!.AsArray().Count;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"✅ Market data warmup successful: {result["warmed"]} of {result["requested"]} symbols shown from the store as warmed-up ({result["loaded"]} stored, {missing} missing, {result["not_taken"]} kept live) in {result["elapsed_ms"]} ms"))
                .ConfigureAwait(false);
            return 0;
        }
        catch (OperatorClientException ex)
        {
            await errors.WriteLineAsync($"❌ Market data warmup failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
