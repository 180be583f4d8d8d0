using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Hosting;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Cli.Tests.Deploy;

/// <summary>The files under deploy/ describe services that really start: real subcommands, valid units, settings the hosts accept.</summary>
public sealed partial class DeployFilesTests
{
    private static readonly string[] Roles = ["market", "gateway", "quote-hub"];

    [Fact]
    public async Task Every_systemd_unit_passes_systemd_analyze_with_the_built_executable()
    {
        await RunAsync("bash", [RepositoryFiles.PathOf("scripts/install-deps.sh"), "systemd-analyze:systemd"]);
        var directory = Directory.CreateTempSubdirectory("tickwatch-units-");
        try
        {
            foreach (var role in Roles)
            {
                var unit = RepositoryFiles.Read($"deploy/systemd/tickwatch-{role}.service");
                Assert.Contains($"ExecStart=/opt/tickwatch/tickwatch {role} --config /etc/tickwatch/tickwatch.json", unit, StringComparison.Ordinal);
                var path = Path.Combine(directory.FullName, $"tickwatch-{role}.service");
                await File.WriteAllTextAsync(path, unit.Replace("/opt/tickwatch/tickwatch", Executable(), StringComparison.Ordinal));

                var (exit, output) = await RunAsync("systemd-analyze", ["verify", path]);
                Assert.True(exit == 0 && !output.Contains(path, StringComparison.Ordinal), $"systemd-analyze verify {role}: {output}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_role_a_unit_or_the_compose_file_runs_is_a_tickwatch_subcommand()
    {
        var compose = RepositoryFiles.Read("deploy/docker-compose.yml");
        foreach (var role in Roles)
        {
            Assert.Contains($"command: [\"{role}\"]", compose, StringComparison.Ordinal);
            var (exit, output) = await RunAsync(Executable(), [role, "--help"]);
            Assert.True(exit == 0, $"tickwatch {role} --help: {output}");
        }
    }

    [Fact]
    public void The_compose_file_names_the_redis_nodes_as_the_guides_emergency_steps_do()
    {
        var compose = RepositoryFiles.Read("deploy/docker-compose.yml");
        for (var node = 1; node <= 3; node++)
        {
            Assert.Contains($"  redis-node-{node}:\n", compose, StringComparison.Ordinal);
            Assert.Contains($"container_name: redis-node-{node}\n", compose, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("market-a")]
    [InlineData("market-b")]
    public void Each_market_service_accepts_the_compose_files_settings_and_runs_leased_under_its_own_name(string service)
    {
        var settings = ComposeSettings(RepositoryFiles.Read("deploy/docker-compose.yml"), service);

        using var market = MarketServiceHost.Build([], b => b.Configuration.AddInMemoryCollection(settings));

        Assert.Equal("0.0.0.0", market.Services.GetRequiredService<IOptions<MarketServiceOptions>>().Value.BindAddress);
        var feeds = market.Services.GetRequiredService<FeedListenerSet>().Listeners;
        Assert.Equal(["ws://quote-hub:9001/ws/json?token=***", "ws://quote-hub:9001/ws/binary?token=***"], feeds.Select(f => f.GetSnapshot().Url));
        Assert.Equal("redis-node-1:6379,redis-node-2:6379,redis-node-3:6379", market.Services.GetRequiredService<IConfiguration>()["Redis:Configuration"]);
        var cluster = market.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal((ClusterMode.Leased, service, $"http://{service}:8000"), (cluster.Mode, cluster.EffectiveInstanceId(), cluster.AdvertisedUrl));
        var ledger = market.Services.GetRequiredService<IOptions<LedgerOptions>>().Value;
        Assert.Equal("postgresql", ledger.Provider);
        Assert.Equal(
            ("postgres", "tickwatch", "stand-in-secret-for-the-test"),
            new NpgsqlConnectionStringBuilder(ledger.ConnectionString) is var c ? (c.Host, c.Database, c.Password) : default);
    }

    [Fact]
    public void Each_gateway_calls_both_market_services_its_own_first()
    {
        var compose = RepositoryFiles.Read("deploy/docker-compose.yml");
        foreach (var (gateway, first, second) in new[] { ("gateway-a", "market-a", "market-b"), ("gateway-b", "market-b", "market-a") })
        {
            var settings = ComposeSettings(compose, gateway);
            var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(GatewayOptions.SectionName).Get<GatewayOptions>()!;

            Assert.Equal([$"http://{first}:8000", $"http://{second}:8000"], options.EffectiveMarketServiceUrls);
            Assert.DoesNotContain(settings.Keys, k => k == "Gateway:MarketServiceUrl");
        }
    }

    [Fact]
    public void The_load_balancer_checks_each_gateways_health_spreads_clients_without_stickiness_and_keeps_websockets_open()
    {
        var compose = RepositoryFiles.Read("deploy/docker-compose.yml");
        var haproxy = Block(compose, "\n  haproxy:\n");
        Assert.Contains("./haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro", haproxy, StringComparison.Ordinal);
        Assert.Contains("\"3000:3000\"", haproxy, StringComparison.Ordinal);

        var config = RepositoryFiles.Read("deploy/haproxy/haproxy.cfg");
        var gateways = Section(config, "backend gateways");
        Assert.Contains("http-check send meth GET uri /health\n", gateways, StringComparison.Ordinal);
        Assert.Contains("http-check expect status 200\n", gateways, StringComparison.Ordinal);
        Assert.Equal(["gateway-a:3000", "gateway-b:3000"], ServerAddresses(gateways));
        Assert.DoesNotMatch(@"\b(cookie|stick|balance source|hash-type)\b", gateways);
        Assert.Matches(@"timeout tunnel \d+h", Section(config, "defaults"));
        Assert.Contains("default_backend gateways", Section(config, "frontend clients"), StringComparison.Ordinal);
        Assert.Contains("bind :3000", Section(config, "frontend clients"), StringComparison.Ordinal);

        // Every server it names is a service of the compose file, listening where the service does.
        Assert.Equal(["market-a:8000", "market-b:8000"], ServerAddresses(Section(config, "backend markets")));
        foreach (var server in ServerAddresses(gateways).Concat(ServerAddresses(Section(config, "backend markets"))))
        {
            Assert.Contains($"\n  {server.Split(':')[0]}:\n", compose, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_systemd_units_show_the_leased_settings_and_the_list_of_market_services()
    {
        var market = RepositoryFiles.Read("deploy/systemd/tickwatch-market.service");
        Assert.Contains("#Environment=TICKWATCH_Cluster__Mode=Leased\n", market, StringComparison.Ordinal);
        Assert.Contains("#Environment=TICKWATCH_Cluster__InstanceId=", market, StringComparison.Ordinal);
        Assert.Contains("#Environment=TICKWATCH_Redis__PublishPriceChannels=true\n", market, StringComparison.Ordinal);
        var gateway = RepositoryFiles.Read("deploy/systemd/tickwatch-gateway.service");
        Assert.Contains("#Environment=TICKWATCH_Gateway__MarketServiceUrls__0=", gateway, StringComparison.Ordinal);
        Assert.Contains("#Environment=TICKWATCH_Gateway__MarketServiceUrls__1=", gateway, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ledgers_postgres_password_comes_from_the_environment_only()
    {
        var postgres = Block(RepositoryFiles.Read("deploy/docker-compose.yml"), "\n  postgres:\n");

        Assert.Contains("POSTGRES_PASSWORD: ${TICKWATCH_POSTGRES_PASSWORD:?set TICKWATCH_POSTGRES_PASSWORD}", postgres, StringComparison.Ordinal);
        Assert.Matches(@"image: postgres:\d+", postgres);
        Assert.Contains("postgres:/var/lib/postgresql/data", postgres, StringComparison.Ordinal);
    }

    [Fact]
    public void The_quote_hub_of_the_compose_file_listens_beyond_loopback_only_with_a_token()
    {
        var settings = ComposeSettings(RepositoryFiles.Read("deploy/docker-compose.yml"), "quote-hub");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        using var hub = QuoteHubHost.Build(configuration, loggerFactory: NullLoggerFactory.Instance);

        Assert.Equal("0.0.0.0", settings["QuoteHub:BindAddress"]);
        Assert.Equal("stand-in-secret-for-the-test", settings["QuoteHub:Token"]);
    }

    [Fact]
    public void Every_deploy_configuration_turns_loopback_trust_off()
    {
        var compose = RepositoryFiles.Read("deploy/docker-compose.yml");
        foreach (var service in new[] { "market-a", "market-b", "gateway-a", "gateway-b" })
        {
            Assert.Equal("false", ComposeSettings(compose, service)["Operator:TrustLoopback"]);
        }

        foreach (var role in Roles)
        {
            Assert.Contains("\nEnvironment=TICKWATCH_Operator__TrustLoopback=false\n", RepositoryFiles.Read($"deploy/systemd/tickwatch-{role}.service"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_market_services_debug_routes_answer_the_names_the_gateways_call_them_by()
    {
        var compose = RepositoryFiles.Read("deploy/docker-compose.yml");
        foreach (var gateway in new[] { "gateway-a", "gateway-b" })
        {
            foreach (var url in ComposeSettings(compose, gateway).Where(s => s.Key.StartsWith("Gateway:MarketServiceUrls:", StringComparison.Ordinal)).Select(s => new Uri(s.Value!)))
            {
                Assert.Contains(url.Host, ComposeSettings(compose, url.Host)["Operator:AllowedHosts"]!.Split(';'));
            }
        }
    }

    /// <summary>
    /// The <c>TICKWATCH_*</c> variables of one service (with the shared anchor's, and its role's template's for
    /// <c>market-*</c> and <c>gateway-*</c>), as configuration keys, the service's own last; required secrets get a stand-in.
    /// </summary>
    private static Dictionary<string, string?> ComposeSettings(string compose, string service)
    {
        var template = service.Split('-')[0] is "market" or "gateway" && service.Contains('-', StringComparison.Ordinal)
            ? Block(compose, $"\nx-{service.Split('-')[0]}: &{service.Split('-')[0]}\n")
            : "";
        var block = Block(compose, "\nx-tickwatch: &tickwatch\n") + template + Block(compose, $"\n  {service}:\n");
        var settings = new Dictionary<string, string?>();
        foreach (Match variable in EnvironmentVariable().Matches(block))
        {
            var value = RequiredSecret().Replace(variable.Groups["value"].Value.Trim().Trim('"'), "stand-in-secret-for-the-test");
            settings[variable.Groups["name"].Value.Replace("__", ":", StringComparison.Ordinal)] = OptionalSecret().Replace(value, "");
        }

        Assert.NotEmpty(settings);
        return settings;
    }

    /// <summary>From <paramref name="start"/> to the next line indented as little or less (the next key of the same level).</summary>
    private static string Block(string yaml, string start)
    {
        var from = yaml.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no {start.Trim()} in the compose file");
        var indent = start.Length - start.TrimStart('\n').TrimStart().Length - 1;
        var lines = yaml[(from + start.Length)..].Split('\n');
        var taken = lines.TakeWhile(l => l.Length == 0 || l.TakeWhile(c => c == ' ').Count() > indent);
        return string.Join('\n', taken);
    }


    /// <summary>The lines of one section of haproxy.cfg, from its header to the next unindented line.</summary>
    private static string Section(string config, string header)
    {
        var lines = config.Split('\n');
        var from = Array.IndexOf(lines, header);
        Assert.True(from >= 0, $"no '{header}' in haproxy.cfg");
        return string.Join('\n', lines.Skip(from + 1).TakeWhile(l => l.Length == 0 || char.IsWhiteSpace(l[0]))) + "\n";
    }

    private static List<string> ServerAddresses(string section) =>
        [.. section.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("server ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2])];

    private static string Executable() => Path.Combine(AppContext.BaseDirectory, "tickwatch");

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^\s+TICKWATCH_(?<name>\w+):\s*(?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentVariable();

    [GeneratedRegex(@"\$\{\w+:\?[^}]*\}")]
    private static partial Regex RequiredSecret();

    [GeneratedRegex(@"\$\{\w+:-[^}]*\}")]
    private static partial Regex OptionalSecret();
}
