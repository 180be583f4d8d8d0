using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Hosting;
using Tickwatch.Simulators.QuoteHub;
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

    [Fact]
    public void The_market_service_accepts_the_compose_files_settings()
    {
        var settings = ComposeSettings(RepositoryFiles.Read("deploy/docker-compose.yml"), "market");

        using var market = MarketServiceHost.Build([], b => b.Configuration.AddInMemoryCollection(settings));

        Assert.Equal("0.0.0.0", market.Services.GetRequiredService<IOptions<MarketServiceOptions>>().Value.BindAddress);
        var feeds = market.Services.GetRequiredService<FeedListenerSet>().Listeners;
        Assert.Equal(["ws://quote-hub:9001/ws/json?token=***", "ws://quote-hub:9001/ws/binary?token=***"], feeds.Select(f => f.GetSnapshot().Url));
        Assert.Equal("redis-node-1:6379,redis-node-2:6379,redis-node-3:6379", market.Services.GetRequiredService<IConfiguration>()["Redis:Configuration"]);
        var ledger = market.Services.GetRequiredService<IOptions<LedgerOptions>>().Value;
        Assert.Equal("postgresql", ledger.Provider);
        Assert.Equal(
            ("postgres", "tickwatch", "stand-in-secret-for-the-test"),
            new NpgsqlConnectionStringBuilder(ledger.ConnectionString) is var c ? (c.Host, c.Database, c.Password) : default);
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
        foreach (var service in new[] { "market", "gateway" })
        {
            Assert.Equal("false", ComposeSettings(compose, service)["Operator:TrustLoopback"]);
        }

        foreach (var role in Roles)
        {
            Assert.Contains("\nEnvironment=TICKWATCH_Operator__TrustLoopback=false\n", RepositoryFiles.Read($"deploy/systemd/tickwatch-{role}.service"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_market_services_debug_routes_answer_the_name_the_gateway_calls_it_by()
    {
        var compose = RepositoryFiles.Read("deploy/docker-compose.yml");
        var marketUrl = new Uri(ComposeSettings(compose, "gateway")["Gateway:MarketServiceUrl"]!);

        Assert.Contains(marketUrl.Host, ComposeSettings(compose, "market")["Operator:AllowedHosts"]!.Split(';'));
    }

    /// <summary>The <c>TICKWATCH_*</c> variables of one service (with the shared anchor's), as configuration keys; required secrets get a stand-in.</summary>
    private static Dictionary<string, string?> ComposeSettings(string compose, string service)
    {
        var block = Block(compose, "\nx-tickwatch: &tickwatch\n") + Block(compose, $"\n  {service}:\n");
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
