using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Tickwatch.Gateway.Auth;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Forensics;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Cli.Instances;

/// <summary>
/// Decides what <c>tickwatch up --instances N</c> runs and how each process is configured: the user's configuration
/// stays underneath (every child reads the same file, variables and switches), and this adds what makes them one system.
/// </summary>
/// <remarks>
/// Ports: the quote hub and the execution gateway keep theirs (9001, 9002/9003); market service k (1 to N) listens on
/// <c>Market:Port</c> + k (8001, 8002, …) and gateway k on <c>Gateway:Port</c> + k (3001, …), leaving 8000 and 3000 to a
/// plain <c>tickwatch up</c> or a load balancer; a port of 0 means free ports chosen at start.
/// </remarks>
internal static class ClusterLayout
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>The instance names' suffixes: <c>market-a</c> to <c>market-p</c>.</summary>
    public static string Suffix(int index) => ((char)('a' + index)).ToString();

    public static ClusterPlan Plan(IConfiguration configuration, int count, string redis, bool startHub, bool startExecGateway, Func<int> freePort)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(freePort);
        var logs = configuration["Logs:Directory"] is { Length: > 0 } folder ? folder : "logs";
        var simulators = new List<ChildRole>();

        Uri? hubUrl = null;
        if (startHub)
        {
            var port = Port(configuration, "QuoteHub:Port", 9001, null, freePort);
            hubUrl = Url(configuration["QuoteHub:BindAddress"], port);
            simulators.Add(new ChildRole(
                "quote-hub", "quote-hub", Settings(logs, "quote-hub", ("QuoteHub:Port", port)), Empty, hubUrl, "/health"));
        }

        string? link = null;
        if (startExecGateway)
        {
            var linkPort = Port(configuration, $"{ExecGatewayOptions.SectionName}:{nameof(ExecGatewayOptions.Port)}", 9002, null, freePort);
            var controlPort = Port(configuration, $"{ExecGatewayOptions.SectionName}:{nameof(ExecGatewayOptions.ControlPort)}", 9003, null, freePort);
            var settings = Settings(logs, "exec-gateway", ($"{ExecGatewayOptions.SectionName}:{nameof(ExecGatewayOptions.Port)}", linkPort), ($"{ExecGatewayOptions.SectionName}:{nameof(ExecGatewayOptions.ControlPort)}", controlPort));
            var priceFeed = $"{ExecGatewayOptions.SectionName}:PriceFeed:Url";
            if (hubUrl is not null && configuration[priceFeed] is null)
            {
                settings[priceFeed] = $"ws://{hubUrl.Authority}/ws/json";
            }

            var bind = configuration[$"{ExecGatewayOptions.SectionName}:{nameof(ExecGatewayOptions.BindAddress)}"];
            simulators.Add(new ChildRole("exec-gateway", "exec-gateway", settings, Empty, Url(bind, controlPort), "/health"));
            link = $"{Url(bind, linkPort).Host}:{linkPort.ToString(CultureInfo.InvariantCulture)}";
        }

        var marketUrls = Enumerable.Range(1, count).Select(k => Url(configuration["Market:BindAddress"], Port(configuration, "Market:Port", 8000, k, freePort))).ToList();
        var gatewayUrls = Enumerable.Range(1, count).Select(k => Url(configuration["Gateway:BindAddress"], Port(configuration, "Gateway:Port", 3000, k, freePort))).ToList();
        var shared = MarketSettings(configuration, redis, hubUrl, link, gatewayUrls);
        var markets = new List<ChildRole>();
        var gateways = new List<ChildRole>();
        var signingKey = configuration[$"{JwtOptions.SectionName}:{nameof(JwtOptions.SigningKey)}"] is { Length: > 0 } ? null : AccessTokens.NewSigningKey();
        for (var i = 0; i < count; i++)
        {
            var name = "market-" + Suffix(i);
            var settings = Settings(logs, name, ("Market:Port", marketUrls[i].Port));
            foreach (var (key, value) in shared.Settings)
            {
                settings[key] = value;
            }

            settings[$"{ClusterOptions.SectionName}:{nameof(ClusterOptions.InstanceId)}"] = name;
            settings[$"{ClusterOptions.SectionName}:{nameof(ClusterOptions.AdvertisedUrl)}"] = marketUrls[i].ToString().TrimEnd('/');
            markets.Add(new ChildRole(name, "market", settings, shared.Secrets, marketUrls[i], "/health/ready"));

            var gatewayName = "gateway-" + Suffix(i);
            var gateway = Settings(logs, gatewayName, ("Gateway:Port", gatewayUrls[i].Port));
            gateway["Redis:Configuration"] = redis;
            for (var m = 0; m < count; m++)
            {
                // Every gateway lists every market service, its own first, so that the calls spread while all are up.
                gateway[$"Gateway:MarketServiceUrls:{m.ToString(CultureInfo.InvariantCulture)}"] = marketUrls[(i + m) % count].ToString().TrimEnd('/');
            }

            var secrets = signingKey is null ? Empty : new Dictionary<string, string> { [$"{JwtOptions.SectionName}:{nameof(JwtOptions.SigningKey)}"] = signingKey };
            gateways.Add(new ChildRole(gatewayName, "gateway", gateway, secrets, gatewayUrls[i], "/health"));
        }

        return new ClusterPlan(simulators, markets, gateways, redis, link) { SigningKey = signingKey };
    }

    /// <summary>What every market service gets: Leased mode on the Redis Cluster, the hub's feeds, the provider link, the gateways to ask in forensics.</summary>
    private static (Dictionary<string, string> Settings, IReadOnlyDictionary<string, string> Secrets) MarketSettings(
        IConfiguration configuration, string redis, Uri? hubUrl, string? link, List<Uri> gatewayUrls)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{ClusterOptions.SectionName}:{nameof(ClusterOptions.Mode)}"] = nameof(ClusterMode.Leased),
            ["Redis:Configuration"] = redis,

            // Standbys keep their books from the writer's price channels.
            ["Redis:PublishPriceChannels"] = "true",
        };
        var secrets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (hubUrl is not null && !configuration.GetSection(DefaultFeeds.SectionName).GetChildren().Any())
        {
            // The hub's token is a feed's credential: it goes by the environment, never on a command line.
            foreach (var (key, value) in DefaultFeeds.SettingsForQuoteHub($"ws://{hubUrl.Authority}", configuration["QuoteHub:Token"]))
            {
                (key.EndsWith(":Token", StringComparison.OrdinalIgnoreCase) ? secrets : settings)[key] = value!;
            }
        }

        if (link is not null && !configuration.GetSection(ProviderLinkOptions.Section).GetChildren().Any())
        {
            var separator = link.LastIndexOf(':');
            settings[$"{ProviderLinkOptions.Section}:{nameof(ProviderLinkOptions.Enabled)}"] = "true";
            settings[$"{ProviderLinkOptions.Section}:{nameof(ProviderLinkOptions.Host)}"] = link[..separator];
            settings[$"{ProviderLinkOptions.Section}:{nameof(ProviderLinkOptions.Port)}"] = link[(separator + 1)..];
            settings[$"{TradingOptions.Section}:{nameof(TradingOptions.SeedDevelopmentAccounts)}"] = "true";
        }

        var forensics = $"{OrderForensicsOptions.SectionName}:{nameof(OrderForensicsOptions.Gateways)}";
        if (!configuration.GetSection(forensics).GetChildren().Any())
        {
            for (var g = 0; g < gatewayUrls.Count; g++)
            {
                settings[$"{forensics}:{g.ToString(CultureInfo.InvariantCulture)}"] = gatewayUrls[g].ToString();
            }
        }

        return (settings, secrets);
    }

    private static Dictionary<string, string> Settings(string logs, string name, params (string Key, int Port)[] ports)
    {
        // Each process its own log folder under the usual one: two processes never share a file, and `grep -r … logs/` finds all.
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Logs:Directory"] = Path.Combine(logs, name) };
        foreach (var (key, port) in ports)
        {
            settings[key] = port.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>The configured port (or <paramref name="fallback"/>), plus <paramref name="instance"/> for a numbered instance; 0 takes a free port.</summary>
    private static int Port(IConfiguration configuration, string key, int fallback, int? instance, Func<int> freePort)
    {
        var configured = configuration[key] is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
        return configured == 0 ? freePort() : configured + (instance ?? 0);
    }

    /// <summary>The address a role is called at on this machine: a wildcard bind address is reached on loopback.</summary>
    private static Uri Url(string? bindAddress, int port)
    {
        var bind = string.IsNullOrEmpty(bindAddress) || bindAddress is "*" or "+" ? "127.0.0.1" : bindAddress;
        var host = bind;
        if (IPAddress.TryParse(bind, out var address))
        {
            host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
                : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]"
                : address.ToString();
        }

        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}/"));
    }
}
