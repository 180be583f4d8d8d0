using System.Net;
using Tickwatch.Cli.Commands;
using Tickwatch.Cli.Operations;
using Tickwatch.Testing;

namespace Tickwatch.Cli.Tests;

/// <summary><c>tickwatch forensics</c> explains an order placed on the running market service, and says plainly when it cannot.</summary>
public sealed class ForensicsCliTests(RunningMarket market) : IClassFixture<RunningMarket>
{
    [Fact]
    public async Task An_order_is_explained_with_its_verdict_and_the_price_it_filled_at()
    {
        var (_, order) = await Eventually.ValueAsync(
            () => market.System.PlaceOrderAsync("demo:3", new { symbol = "GBPUSD", type = "SELL", volume = 0.1 }), r => r.Status == HttpStatusCode.Created, "a market SELL fills");
        var id = order["order_id"]!.GetValue<string>();
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await ForensicsCommand.RunAsync(new ForensicsRequest(market.Url, null, id, null, null, Json: false), output, errors, TerminalStyle.None, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal("", errors.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"🔎 Order {id} (demo:3): SELL 0.1 GBPUSD, OPEN", lines[0]);
        Assert.StartsWith("open at ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(": client_sent_no_quote", lines[1], StringComparison.Ordinal);
        Assert.Contains($"executed at {order["open_price"]!.GetValue<decimal>()} (sequence {order["open_quote"]!["book_sequence"]!.GetValue<long>()}", lines[2], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("shown: no gateway is configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_order_or_no_id_is_refused_with_the_reason()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var unknown = await ForensicsCommand.RunAsync(new ForensicsRequest(market.Url, null, "nope", null, null, Json: false), output, errors, TerminalStyle.None, CancellationToken.None);
        var neither = await ForensicsCommand.RunAsync(new ForensicsRequest(market.Url, null, null, null, null, Json: false), output, errors, TerminalStyle.None, CancellationToken.None);

        Assert.Equal((3, 2), (unknown, neither));
        Assert.Contains("answered /api/debug/forensics/orders/nope with 404", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("❌ Name exactly one of --order ID or --refusal ID.", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }
}
