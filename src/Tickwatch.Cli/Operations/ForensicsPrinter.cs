using System.Text.Json.Nodes;

namespace Tickwatch.Cli.Operations;

/// <summary>Prints a forensics answer for a person: the order or refusal, then each decision's verdict, its sentence and the other findings.</summary>
internal sealed class ForensicsPrinter(TextWriter output, TerminalStyle style)
{
    public async Task PrintAsync(JsonNode report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var account = Text(report["account"]);
        if (report["order"] is { } order)
        {
            await output.WriteLineAsync(style.Bold($"🔎 Order {Text(order["order_id"])} ({account}): {Text(order["type"])} {Text(order["volume"])} {Text(order["symbol"])}, {Text(order["status"])}"))
                .ConfigureAwait(false);
        }
        else if (report["refusal"] is { } refusal)
        {
            await output.WriteLineAsync(style.Bold($"🔎 Refusal {Text(refusal["id"])} ({account}): {Text(refusal["action"])} {Text(refusal["subject"])}, {Text(refusal["reason"])}"))
                .ConfigureAwait(false);
        }

        foreach (var decision in report["decisions"]?.AsArray() ?? [])
        {
            var verdict = Text(decision!["verdict"]);
            await output.WriteLineAsync($"  {Text(decision["decision"])} at {Text(decision["decided_at"])}: {Colour(verdict)}").ConfigureAwait(false);
            await output.WriteLineAsync($"    {Text(decision["summary"])}").ConfigureAwait(false);
            foreach (var finding in (decision["findings"]?.AsArray() ?? []).Skip(1))
            {
                await output.WriteLineAsync(style.Dim($"    also {Text(finding!["verdict"])}: {Text(finding["explanation"])}")).ConfigureAwait(false);
            }
        }

        if (report["note"] is { } note)
        {
            await output.WriteLineAsync($"  {Text(note)}").ConfigureAwait(false);
        }

        foreach (var source in report["shown_sources"]?.AsArray() ?? [])
        {
            await output.WriteLineAsync(style.Dim($"  shown: {Text(source)}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(style.Dim($"  feeds: {Text(report["feed_source"])}")).ConfigureAwait(false);
    }

    // The verdicts that are the broker's or the data's doing stand out; the client's own are plain.
    private string Colour(string verdict) => verdict switch
    {
        "feed_divergence" or "stale_price_refused" => style.Red(verdict),
        "slow_client" or "stale_view" or "requoted" or "client_sent_no_quote" => style.Yellow(verdict),
        _ => style.Green(verdict),
    };

    private static string Text(JsonNode? node) => node?.ToString() ?? "?";
}
