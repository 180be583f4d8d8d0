using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Cli.Commands;
using Tickwatch.Core.Prices;

namespace Tickwatch.Cli.Tests;

/// <summary><c>tickwatch warmup</c> asks the running market service to warm up from its store, as the guide's Scenario 3 does.</summary>
public sealed class WarmupCliTests(RunningMarket market) : IClassFixture<RunningMarket>
{
    [Fact]
    public async Task Warmup_loads_the_stored_prices_and_says_what_it_did()
    {
        var symbols = market.System.Market.Services.GetRequiredService<PriceBook>().Symbols.Count;
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await WarmupCommand.RunAsync(market.Url, null, output, errors, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal("", errors.ToString());
        // Every symbol is fresh and stored already: all are found, none replaces a live price.
        Assert.Matches($@"^✅ Market data warmup successful: 0 of {symbols} symbols shown from the store as warmed-up \({symbols} stored, 0 missing, {symbols} kept live\) in [\d.]+ ms\r?\n$", output.ToString());
        var report = await market.System.GetMarketJsonAsync("/api/debug/warmup");
        Assert.Equal("operator request", report["last"]!["trigger"]!.GetValue<string>());
    }

    [Fact]
    public async Task Warmup_against_a_closed_port_fails_with_the_reason()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await WarmupCommand.RunAsync("http://127.0.0.1:1", null, output, errors, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.StartsWith("❌ Market data warmup failed: cannot reach the market service at http://127.0.0.1:1/: connection refused", errors.ToString(), StringComparison.Ordinal);
    }
}
