using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Hosting;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Testing.Hosts;

/// <summary>
/// The quote hub and the market service, each a real Kestrel server on 127.0.0.1 port 0, the market
/// listening to both of the hub's feeds (binary as <c>Feeds:0</c>, json as <c>Feeds:1</c>, as under <c>tickwatch up</c>); with HTTP clients for the hub's control API and the market's endpoints.
/// <see cref="StartWithGatewayAsync"/> adds a gateway beside them as <c>tickwatch up</c> runs one.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    private readonly ILoggerFactory _hubLogs;

    private RunningSystem(WebApplication hub, WebApplication market, ErrorLogCollector errors, ILoggerFactory hubLogs)
    {
        _hubLogs = hubLogs;
        Errors = errors;
        Hub = hub;
        Market = market;
        HubHttp = new HttpClient { BaseAddress = QuoteHubHost.GetBaseAddress(hub), Timeout = Eventually.DefaultTimeout };
        MarketHttp = new HttpClient { BaseAddress = new Uri(market.Urls.First()), Timeout = Eventually.DefaultTimeout };
    }

    public WebApplication Hub { get; }

    public WebApplication Market { get; }

    public HttpClient HubHttp { get; }

    public HttpClient MarketHttp { get; }

    /// <summary>Warnings and errors logged by either server.</summary>
    public ErrorLogCollector Errors { get; }

    /// <summary>The gateway of <see cref="StartWithGatewayAsync"/>; null for the hub and market alone.</summary>
    public RunningGateway? Gateway { get; private set; }

    /// <summary>
    /// Starts both. <paramref name="settings"/> are market configuration keys (e.g. <c>Prices:DefaultMaxQuoteAge</c>);
    /// <c>{hub}</c> in a value is replaced by the hub's <c>ws://host:port</c>.
    /// </summary>
    public static async Task<RunningSystem> StartAsync(IDictionary<string, string?>? settings = null, Action<QuoteHubOptions>? hubOptions = null)
    {
        var options = new QuoteHubOptions { Port = 0, Seed = 7 };
        hubOptions?.Invoke(options);
        var verbose = Environment.GetEnvironmentVariable("TICKWATCH_TEST_LOGS") == "1";
        var errors = new ErrorLogCollector();
        var hubLogs = LoggerFactory.Create(b =>
        {
            b.AddProvider(errors);
            if (verbose)
            {
                b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            }
        });
        var hub = QuoteHubHost.Build(options, loggerFactory: hubLogs);
        await hub.StartAsync().ConfigureAwait(false);
        var hubWs = $"ws://{QuoteHubHost.GetBaseAddress(hub).Authority}";
        var config = DefaultFeeds.SettingsForQuoteHub(hubWs);
        config["Market:Port"] = "0";
        config["Ledger:Enabled"] = "false"; // the ledger is not what these hosts test; its own tests turn it on
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value?.Replace("{hub}", hubWs, StringComparison.Ordinal);
        }

        var market = MarketServiceHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.Logging.ClearProviders().AddProvider(errors);
            if (verbose)
            {
                b.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            }
        });
        await market.StartAsync().ConfigureAwait(false);
        return new RunningSystem(hub, market, errors, hubLogs);
    }

    /// <summary>
    /// The market service's price store and announcements, symbols, portfolio store and order announcements, for a gateway
    /// in this process, as <c>tickwatch up</c> hands them over (the gateway must stop first).
    /// </summary>
    public GatewaySharedServices SharedWithGateway() => new(
        Market.Services.GetRequiredService<IPriceStore>(),
        Market.Services.GetRequiredService<IPriceAnnouncementSubscriber>(),
        Market.Services.GetRequiredService<SymbolRegistry>(),
        Market.Services.GetRequiredService<IPortfolioStore>(),
        Market.Services.GetRequiredService<IOrderAnnouncements>(),
        Market.Services.GetRequiredService<IOrderEventStream>());

    /// <summary>
    /// Starts both and a gateway beside them, as <c>tickwatch up</c> runs them: the gateway shows the market service's
    /// own prices (its store, announcements and symbols), sends it the clients' orders, and is the one the market
    /// service's order forensics ask what each user was shown (<c>Forensics:Gateways:0</c>). <paramref name="settings"/>
    /// are the market's, <paramref name="gatewaySettings"/> the gateway's.
    /// </summary>
    public static async Task<RunningSystem> StartWithGatewayAsync(
        IDictionary<string, string?>? settings = null, IDictionary<string, string?>? gatewaySettings = null, Action<QuoteHubOptions>? hubOptions = null)
    {
        // The market service starts first and must know where the gateway will answer: a free port, taken for it now.
        var port = FreePort();
        var market = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        market.TryAdd("Forensics:Gateways:0", $"http://127.0.0.1:{port}");
        var system = await StartAsync(market, hubOptions).ConfigureAwait(false);
        try
        {
            var gateway = new Dictionary<string, string?>
            {
                ["Gateway:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Gateway:MarketServiceUrl"] = system.MarketHttp.BaseAddress!.ToString().TrimEnd('/'),
            };
            foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string?>())
            {
                gateway[key] = value;
            }

            system.Gateway = await RunningGateway.StartAsync(
                gateway,
                system.SharedWithGateway())
                .ConfigureAwait(false);
            return system;
        }
        catch
        {
            await system.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<JsonNode> GetMarketJsonAsync(string path) =>
        JsonNode.Parse(await MarketHttp.GetStringAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false))!;

    /// <summary>Places an order for <paramref name="account"/> (<c>demo:1</c>) on the market's trading routes with a fresh idempotency key; the answer, a refusal's problem details included.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> PlaceOrderAsync(string account, object order)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/trading/accounts/{account}/orders", UriKind.Relative)) { Content = JsonContent.Create(order) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await MarketHttp.SendAsync(request).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return (response.StatusCode, JsonNode.Parse(body) ?? throw new InvalidOperationException($"An empty answer: {(int)response.StatusCode}."));
    }

    /// <summary>Waits until every symbol is fresh and both feeds run: the healthy system the read-only tests start from.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        await Eventually.ValueAsync(
            () => GetMarketJsonAsync("/api/debug/market-data"),
            m => m["data_freshness"]!["freshness_rate"]!.GetValue<double>() == 100,
            "every symbol is fresh").ConfigureAwait(false);
        await Eventually.ValueAsync(
            () => GetMarketJsonAsync("/api/debug/websocket"),
            w => w["connection_status"]!["is_running"]!.GetValue<bool>(),
            "both feeds run").ConfigureAwait(false);
    }

    /// <summary>Injects a fault through the hub's control API (snake_case body, as an operator would send it).</summary>
    public async Task InjectFaultAsync(object fault)
    {
        using var response = await HubHttp.PostAsJsonAsync(new Uri("/control/faults", UriKind.Relative), fault).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The hub refused the fault: {(int)response.StatusCode} {body}{Environment.NewLine}{string.Join(Environment.NewLine, Errors.Entries)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The gateway lets go of the market's announcements before the market stops, as under tickwatch up.
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync().ConfigureAwait(false);
        }

        HubHttp.Dispose();
        MarketHttp.Dispose();
        await Market.StopAsync().ConfigureAwait(false);
        await Hub.StopAsync().ConfigureAwait(false);
        await Market.DisposeAsync().ConfigureAwait(false);
        await Hub.DisposeAsync().ConfigureAwait(false);
        _hubLogs.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
