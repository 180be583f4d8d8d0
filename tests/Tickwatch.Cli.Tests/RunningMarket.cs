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
            ["Feeds:0:NoDataTimeout"] = "00:00:01",
            ["Feeds:1:NoDataTimeout"] = "00:00:01",
        });
        await System.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync() => await System.DisposeAsync();
}
