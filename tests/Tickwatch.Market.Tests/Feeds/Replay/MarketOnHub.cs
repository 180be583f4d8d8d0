using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Market.Hosting;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Feeds.Replay;

/// <summary>A quote hub and a market service listening only to the feeds the test names (no default feeds), each a real Kestrel server on port 0.</summary>
internal sealed class MarketOnHub : IAsyncDisposable
{
    private MarketOnHub(WebApplication hub, WebApplication market)
    {
        Hub = hub;
        Market = market;
        MarketHttp = new HttpClient { BaseAddress = new Uri(market.Urls.First()), Timeout = Eventually.DefaultTimeout };
    }

    public WebApplication Hub { get; }

    public WebApplication Market { get; }

    public HttpClient MarketHttp { get; }

    public QuoteHubEngine Engine => QuoteHubHost.GetEngine(Hub);

    public PriceBook Book => Market.Services.GetRequiredService<PriceBook>();

    /// <summary>The hub's <c>ws://host:port</c>, for the market's feed URLs.</summary>
    public string HubWs => $"ws://{QuoteHubHost.GetBaseAddress(Hub).Authority}";

    /// <summary>Starts the hub, then a market service whose settings <paramref name="marketSettings"/> makes from the hub's <c>ws://host:port</c>.</summary>
    public static async Task<MarketOnHub> StartAsync(QuoteHubOptions hubOptions, Func<string, Dictionary<string, string?>> marketSettings)
    {
        hubOptions.Port = 0;
        var hub = QuoteHubHost.Build(hubOptions, loggerFactory: LoggerFactory.Create(_ => { }));
        await hub.StartAsync();
        var config = marketSettings($"ws://{QuoteHubHost.GetBaseAddress(hub).Authority}");
        config["Market:Port"] = "0";
        config["Ledger:Enabled"] = "false";
        var market = MarketServiceHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.Logging.ClearProviders();
        });
        await market.StartAsync();
        return new MarketOnHub(hub, market);
    }

    /// <summary>Messages the market service's feed has read.</summary>
    public async Task<long> ReceivedAsync(string feed)
    {
        var ws = JsonNode.Parse(await MarketHttp.GetStringAsync(new Uri("/api/debug/websocket", UriKind.Relative)))!;
        return ws["feeds"]?[feed]?["performance_metrics"]?["messages_received"]?.GetValue<long>() ?? 0;
    }

    public async ValueTask DisposeAsync()
    {
        MarketHttp.Dispose();
        await Market.StopAsync();
        await Hub.StopAsync();
        await Market.DisposeAsync();
        await Hub.DisposeAsync();
    }
}
