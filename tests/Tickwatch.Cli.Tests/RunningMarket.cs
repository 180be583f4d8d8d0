using Tickwatch.Testing.Hosts;

namespace Tickwatch.Cli.Tests;

/// <summary>The quote hub and the market service on loopback, ready once both feeds run and every symbol is fresh.</summary>
public sealed class RunningMarket : IAsyncLifetime
{
    public RunningSystem System { get; private set; } = null!;

    public string Url => System.MarketHttp.BaseAddress!.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        System = await RunningSystem.StartAsync(new Dictionary<string, string?>
        {
            // Only the feed the tests stall (json, Feeds:1) is given a short no-data timeout: a busy machine's pause must not take the binary one down too.
            ["Feeds:1:NoDataTimeout"] = "00:00:01",
        });
        await System.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync() => await System.DisposeAsync();
}
