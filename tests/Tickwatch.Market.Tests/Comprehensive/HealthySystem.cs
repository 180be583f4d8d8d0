using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>The quote hub and the market service (in-memory store) on loopback, shared by the tests that only read, ready once every symbol is fresh.</summary>
public sealed class HealthySystem : IAsyncLifetime
{
    public const string Collection = "healthy system";

    public RunningSystem System { get; private set; } = null!;

    /// <summary>The market's base address, as the guide's <c>http://localhost:8000</c> is replaced with.</summary>
    public string MarketUrl => System.MarketHttp.BaseAddress!.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        System = await RunningSystem.StartAsync();
        await System.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync() => await System.DisposeAsync();
}
