using System.CommandLine;
using System.Text.Json;
using Tickwatch.Cli.Operations;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// <c>tickwatch forensics --order ID</c> (or <c>--refusal ID</c>): asks the market service why what a client was shown
/// and what the engine did differ, and prints each decision's verdict with its numbers. Exit code 0 answered, 2 bad
/// arguments, 3 not found or unreachable.
/// </summary>
internal static class ForensicsCommand
{
    private const int Answered = 0;
    private const int Usage = 2;
    private const int Unanswered = 3;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var url = OperatorOptions.Url();
        var token = OperatorOptions.Token();
        var order = new Option<string?>("--order") { Description = "The order id (order_id) to explain." };
        var refusal = new Option<string?>("--refusal") { Description = "The refusal id (refusal_id of the refused request) to explain." };
        var account = new Option<string?>("--account") { Description = "The order's account (live:42), for an order older than the engine's journal." };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON (the body of /api/debug/forensics/…)." };
        var command = new Command("forensics", "Explain a price mismatch: what the client was shown, what the engine executed or refused on, and why they differ.")
        {
            url,
            token,
            order,
            refusal,
            account,
            json,
        };
        command.SetAction((parse, cancel) => RunAsync(
            new ForensicsRequest(parse.GetValue(url), parse.GetValue(token), parse.GetValue(order), parse.GetValue(refusal), parse.GetValue(account), parse.GetValue(json)),
            Console.Out,
            Console.Error,
            TerminalStyle.ForConsole(),
            cancel));
        return command;
    }

    public static async Task<int> RunAsync(ForensicsRequest request, TextWriter output, TextWriter errors, TerminalStyle style, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(request.Order) == string.IsNullOrWhiteSpace(request.Refusal))
        {
            await errors.WriteLineAsync("❌ Name exactly one of --order ID or --refusal ID.").ConfigureAwait(false);
            return Usage;
        }

        if (OperatorClient.ParseBaseAddress(request.Url, out var problem) is not { } baseAddress)
        {
            await errors.WriteLineAsync($"❌ {problem}").ConfigureAwait(false);
            return Unanswered;
        }

        var path = request.Order is { Length: > 0 } orderId
            ? $"/api/debug/forensics/orders/{Uri.EscapeDataString(orderId)}{(request.Account is { Length: > 0 } a ? "?account=" + Uri.EscapeDataString(a) : string.Empty)}"
            : $"/api/debug/forensics/refusals/{Uri.EscapeDataString(request.Refusal!)}";
        using var client = new OperatorClient(baseAddress, OperatorClient.ResolveToken(request.Token), RequestTimeout);
        try
        {
            var report = await client.GetJsonAsync(path, cancellationToken).ConfigureAwait(false);
            if (request.Json)
            {
                await output.WriteLineAsync(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            }
            else
            {
                await new ForensicsPrinter(output, style).PrintAsync(report).ConfigureAwait(false);
            }

            return Answered;
        }
        catch (OperatorClientException ex)
        {
            await errors.WriteLineAsync($"❌ No answer: {ex.Message}").ConfigureAwait(false);
            return Unanswered;
        }
    }
}
