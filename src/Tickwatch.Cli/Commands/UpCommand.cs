using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Cli.Instances;
using Tickwatch.Cli.Logging;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Hosting.Options;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Forensics;
using Tickwatch.Market.Hosting;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Storage;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch up</c>: every role in one process with embedded defaults (in-memory store, built-in quote hub).</summary>
internal static class UpCommand
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private const string InstancesOption = "--instances";

    /// <summary>The seed's provider-routed account, named in the banner.</summary>
    private const string DemoProviderAccount = "live:900001";

    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var noHub = new Option<bool>("--no-hub")
        {
            Description = "Do not start the built-in quote hub; use the feeds configured under Feeds.",
        };
        var noExecGateway = new Option<bool>("--no-exec-gateway")
        {
            Description = "Do not start the built-in execution gateway; provider-routed orders go where ProviderLink says (refused when it is off).",
        };
        var instances = new Option<string?>(InstancesOption)
        {
            Description = $"Run N ({InstanceCount.Min}-{InstanceCount.Max}) market services in Leased mode (8001, 8002, ...) and N gateways (3001, 3002, ...) on a Redis Cluster, "
                + "each a process of its own, with one quote hub and execution gateway; SIGTERM or Ctrl+C stops them all.",
        };
        var redis = new Option<string?>("--redis")
        {
            Description = "With --instances: the Redis Cluster's seed list (host:port,host:port,...). Without it, Redis:Configuration, "
                + "else scripts/redis-cluster.sh starts one on loopback (first port REDIS_CLUSTER_PORT, default 7101) and stops it at the end.",
        };
        var command = new Command("up", "Run the whole system in one process: quote hub (9001), execution gateway (9002), market service (8000) and gateway (3000); "
            + "with --instances N, several market services and gateways on a Redis Cluster.")
        {
            configFile,
            noHub,
            noExecGateway,
            instances,
            redis,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            if (parse.GetValue(instances) is not { } count)
            {
                if (parse.GetValue(redis) is not null)
                {
                    await Console.Error.WriteLineAsync($"❌ --redis goes with {InstancesOption}; plain `tickwatch up` uses Redis:Configuration when set.").ConfigureAwait(false);
                    return 2;
                }

                return await RunAsync(CliConfiguration.Build(parse, configFile), parse.GetValue(noHub), parse.GetValue(noExecGateway), cancel).ConfigureAwait(false);
            }

            if (!InstanceCount.TryParse(count, out var n, out var error))
            {
                await Console.Error.WriteLineAsync($"❌ {error}").ConfigureAwait(false);
                return 2;
            }

            // Every child reads the same file and switches as this process.
            var userArguments = new List<string>();
            if (parse.GetValue(configFile) is { } file)
            {
                userArguments.AddRange(["--config", file.FullName]);
            }

            userArguments.AddRange(parse.UnmatchedTokens);
            return await UpInstances.RunAsync(CliConfiguration.Build(parse, configFile), userArguments, n, parse.GetValue(redis), parse.GetValue(noHub), parse.GetValue(noExecGateway), cancel).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>
    /// How the parse is invoked: with <c>--instances</c>, SIGTERM and Ctrl+C leave <see cref="UpInstances.StopBudget"/> to
    /// stop every child process (the parser's own default is 2 s, after which it ends this process and orphans them);
    /// otherwise the parser's defaults.
    /// </summary>
    public static InvocationConfiguration? InvocationFor(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.CommandResult.Command.Name == "up" && parse.GetValue<string?>(InstancesOption) is not null
            ? new InvocationConfiguration { ProcessTerminationTimeout = UpInstances.StopBudget }
            : null;
    }

    private static async Task<int> RunAsync(IConfigurationRoot configuration, bool noHub, bool noExecGateway, CancellationToken cancel)
    {
        // One logger for every role of the process: console, and the files named after "up".
        await using var logger = TickwatchLogging.Create(configuration, "up");
        using var logs = TickwatchLogging.CreateFactory(logger);

        // The process's price store, announcements and symbols: the market service writes them and the gateway shows them
        // (and, once the market service is built, its portfolios and order announcements for the stream's portfolio channel).
        var errors = new OptionsErrors();
        await using var prices = SharedPriceServices.Create(configuration, logs, errors);
        errors.ThrowIfAny(typeof(SharedPriceServices));

        // Started in this order and stopped in the reverse: the gateway lets go of the announcements before the market
        // service stops, and the market service of its feeds before the hub stops.
        await using var roles = new RunningRoles(ShutdownTimeout);
        WebApplication? hub = null;
        var feeds = new Dictionary<string, string?>();
        if (!noHub)
        {
            hub = await roles.StartAsync("quote-hub", () => QuoteHubHost.Build(configuration, loggerFactory: logs, configure: RunningRoles.OwnLifetime), cancel).ConfigureAwait(false);
            if (!configuration.GetSection(DefaultFeeds.SectionName).GetChildren().Any())
            {
                // The market listens to the hub it just started, wherever it bound.
                feeds = DefaultFeeds.SettingsForQuoteHub($"ws://{QuoteHubHost.GetBaseAddress(hub).Authority}", configuration["QuoteHub:Token"]);
            }
        }

        // The execution gateway fills provider-routed orders at the hub's prices; the market's link points at it unless configured.
        WebApplication? execGateway = null;
        var link = new Dictionary<string, string?>();
        if (!noExecGateway && !configuration.GetSection(ProviderLinkOptions.Section).GetChildren().Any())
        {
            var execSettings = new Dictionary<string, string?>();
            if (hub is not null && configuration[$"{ExecGatewayOptions.SectionName}:PriceFeed:Url"] is null)
            {
                execSettings[$"{ExecGatewayOptions.SectionName}:PriceFeed:Url"] = $"ws://{QuoteHubHost.GetBaseAddress(hub).Authority}/ws/json";
            }

            var execConfiguration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(execSettings).Build();
            execGateway = await roles.StartAsync(
                "exec-gateway", () => ExecGatewayHost.Build(execConfiguration, loggerFactory: logs, configure: RunningRoles.OwnLifetime), cancel).ConfigureAwait(false);
            var endpoint = ExecGatewayHost.GetLinkEndPoint(execGateway);
            link[$"{ProviderLinkOptions.Section}:{nameof(ProviderLinkOptions.Enabled)}"] = "true";
            link[$"{ProviderLinkOptions.Section}:{nameof(ProviderLinkOptions.Host)}"] = endpoint.Address.ToString();
            link[$"{ProviderLinkOptions.Section}:{nameof(ProviderLinkOptions.Port)}"] = endpoint.Port.ToString(CultureInfo.InvariantCulture);
            link[$"{TradingOptions.Section}:{nameof(TradingOptions.SeedDevelopmentAccounts)}"] = "true";
        }

        // The market service's order forensics ask this process's gateway what it showed each user, unless told of others.
        var gatewaySettings = new Dictionary<string, string?>();
        var forensics = new Dictionary<string, string?>();
        var gateways = $"{OrderForensicsOptions.SectionName}:{nameof(OrderForensicsOptions.Gateways)}";
        if (!configuration.GetSection(gateways).GetChildren().Any() && GatewayAddress(configuration, gatewaySettings) is { } gatewayAddress)
        {
            forensics[gateways + ":0"] = gatewayAddress;
        }

        var market = await roles.StartAsync(
            "market",
            () => MarketServiceHost.Build([], b =>
            {
                RunningRoles.OwnLifetime(b);
                b.UseTickwatchLogging(logger).Configuration.AddConfiguration(configuration).AddInMemoryCollection(feeds).AddInMemoryCollection(forensics).AddInMemoryCollection(link);
            },
            prices),
            cancel).ConfigureAwait(false);
        gatewaySettings["Gateway:MarketServiceUrl"] = market.Urls.First();
        var demoToken = (string?)null;
        if (string.IsNullOrEmpty(configuration[$"{JwtOptions.SectionName}:{nameof(JwtOptions.SigningKey)}"]))
        {
            // No key configured: one for this process only, and a ready token so clients can be tried at once.
            var key = AccessTokens.NewSigningKey();
            gatewaySettings[$"{JwtOptions.SectionName}:{nameof(JwtOptions.SigningKey)}"] = key;
            var jwt = configuration.GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
            jwt.SigningKey = key;
            demoToken = AccessTokens.Mint(jwt, "1", "demo", TimeProvider.System.GetUtcNow());
        }

        var gateway = await roles.StartAsync(
            "gateway",
            () => GatewayHost.Build(
                [],
                b =>
                {
                    RunningRoles.OwnLifetime(b);
                    b.UseTickwatchLogging(logger).Configuration.AddConfiguration(configuration).AddInMemoryCollection(gatewaySettings);
                },
                new GatewaySharedServices(
                    prices.Store,
                    prices.Subscriber,
                    prices.Symbols,
                    market.Services.GetRequiredService<IPortfolioStore>(),
                    market.Services.GetRequiredService<IOrderAnnouncements>(),
                    market.Services.GetRequiredService<IOrderEventStream>())),
            cancel).ConfigureAwait(false);
        PrintBanner(market, gateway, hub, execGateway, demoToken);
        await roles.WaitForAnyShutdownAsync(cancel).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Where this process's gateway will answer, known before it starts (the market service starts first): its
    /// configured address, a wildcard one reached on loopback; for port 0, a free port taken now and handed to it in
    /// <paramref name="gatewaySettings"/>. Null when the settings are not readable: the gateway then reports them.
    /// </summary>
    private static string? GatewayAddress(IConfiguration configuration, Dictionary<string, string?> gatewaySettings)
    {
        var defaults = new GatewayOptions();
        var section = configuration.GetSection(GatewayOptions.SectionName);
        var bind = section[nameof(GatewayOptions.BindAddress)] is { Length: > 0 } configured ? configured : defaults.BindAddress;
        var https = false;
        var port = defaults.Port;
        if ((section[nameof(GatewayOptions.Https)] is { } httpsText && !bool.TryParse(httpsText, out https))
            || (section[nameof(GatewayOptions.Port)] is { } portText && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port)))
        {
            return null;
        }

        var address = IPAddress.TryParse(bind, out var ip) ? ip : null;
        if (port == 0)
        {
            // Taken and let go at once: another process could take it in between, but the gateway binds it next.
            using var probe = new TcpListener(address ?? IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            gatewaySettings[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Port)}"] = port.ToString(CultureInfo.InvariantCulture);
        }

        var host = address switch
        {
            null when bind is "*" or "+" => "127.0.0.1",
            null => bind,
            _ when address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) => "127.0.0.1",
            { AddressFamily: AddressFamily.InterNetworkV6 } => $"[{address}]",
            _ => address.ToString(),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{(https ? "https" : "http")}://{host}:{port}");
    }

    private static void PrintBanner(WebApplication market, WebApplication gateway, WebApplication? hub, WebApplication? execGateway, string? demoToken)
    {
        var marketUrl = market.Urls.First().TrimEnd('/').Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var gatewayUrl = gateway.Urls.First().TrimEnd('/').Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Console.WriteLine();
        Console.WriteLine("Tickwatch is up: in-memory price book" + (hub is null ? "." : ", fed by the built-in quote hub."));
        Console.WriteLine($"  Gateway          {gatewayUrl}  (API reference {gatewayUrl}{GatewayHost.ApiReferencePath}, live prices ws{gatewayUrl[4..]}/api/stream)");
        Console.WriteLine($"  Market service   {marketUrl}  (dashboard {marketUrl}/, metrics {marketUrl}/metrics)");
        if (hub is not null)
        {
            var hubUrl = QuoteHubHost.GetBaseAddress(hub).ToString().TrimEnd('/');
            Console.WriteLine($"  Quote hub        {hubUrl}/control/status  (feeds {hubUrl.Replace("http", "ws", StringComparison.Ordinal)}/ws/json and /ws/binary)");
        }

        if (execGateway is not null)
        {
            var control = ExecGatewayHost.GetControlAddress(execGateway).ToString().TrimEnd('/');
            Console.WriteLine($"  Exec gateway     {control}/control/status  (provider link tcp://{ExecGatewayHost.GetLinkEndPoint(execGateway)}; account {DemoProviderAccount} routes there)");
        }

        Console.WriteLine();
        Console.WriteLine("Try the operators' guide:");
        Console.WriteLine($"  curl -X GET {gatewayUrl}/api/debug/python-health");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/websocket | jq '.connection_status.is_running'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/websocket | jq '.connection_history.success_rate'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/market-data | jq '.data_freshness.freshness_rate'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/market-data | jq '.symbol_analysis.EURUSD'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/services | jq '.services | map_values(.state)'");
        Console.WriteLine($"  curl -s {marketUrl}/health/ready | jq '.failing_checks'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/comprehensive | jq '.market_data_diagnostics.data_freshness.freshness_rate'");
        Console.WriteLine($"  curl -s {marketUrl}/api/debug/provider | jq '{{state, endpoint, in_flight, reports_applied, duplicates_ignored}}'");
        Console.WriteLine("  tickwatch diagnose    tickwatch monitor --once    tickwatch warmup");
        if (hub is not null)
        {
            var hubUrl = QuoteHubHost.GetBaseAddress(hub).ToString().TrimEnd('/');
            Console.WriteLine("Freeze EURUSD for 30 s and watch it go stale:");
            Console.WriteLine($"  curl -s -X POST {hubUrl}/control/faults -H 'content-type: application/json' -d '{{\"kind\":\"freeze\",\"symbol\":\"EURUSD\",\"duration_ms\":30000}}'");
        }

        if (demoToken is not null)
        {
            Console.WriteLine("Quotes as a client sees them (a token for demo user 1, valid 1 h; this process's signing key is random):");
            Console.WriteLine($"  curl -s {gatewayUrl}/api/quotes/EURUSD -H 'Authorization: Bearer {demoToken}'");
        }
        else
        {
            Console.WriteLine("Quotes as a client sees them:");
            Console.WriteLine($"  curl -s {gatewayUrl}/api/quotes/EURUSD -H \"Authorization: Bearer $(tickwatch token --user 1)\"");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
