using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Gateway.Auth;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Storage;
using Tickwatch.Testing;

namespace Tickwatch.Cli.Tests.Instances;

/// <summary>
/// The real <c>tickwatch up --instances 2</c> process on a Redis Cluster of its own: two market services in Leased mode,
/// each feed written by exactly one of them, a price through both gateways, and SIGTERM stops every process with exit 0;
/// and <c>scripts/cluster-up.sh</c>, which runs it in the background.
/// </summary>
/// <remarks>
/// The cluster is on ports 7331–7336 (<c>TICKWATCH_TEST_CLI_REDIS_PORT</c> chooses others), apart from the integration
/// tier's 7201–7206, since test projects run side by side.
/// </remarks>
public sealed class UpInstancesProcessTests : IAsyncLifetime
{
    private readonly LocalRedisCluster _cluster = new(
        int.TryParse(Environment.GetEnvironmentVariable("TICKWATCH_TEST_CLI_REDIS_PORT"), CultureInfo.InvariantCulture, out var port) ? port : 7331,
        ".tickwatch/redis-cluster-cli-tests");

    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("tickwatch-up-instances-");
    private readonly string _signingKey = AccessTokens.NewSigningKey();
    private readonly ConcurrentStringWriter _console = new();
    private Process? _process;

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        await _cluster.StopAsync();
        _workingDirectory.Delete(recursive: true);
    }

    [Fact]
    public async Task Two_market_services_share_the_feeds_under_leases_two_gateways_serve_prices_and_sigterm_stops_everything()
    {
        _process = Start("up", "--instances", "2", "--redis", _cluster.Seeds,
            "--Market:Port", "0", "--Gateway:Port", "0", "--QuoteHub:Port", "0", "--ExecGateway:Port", "0", "--ExecGateway:ControlPort", "0");
        await Eventually.UntilAsync(
            () => _process.HasExited || _console.ToString().Contains("Tickwatch is up", StringComparison.Ordinal),
            "tickwatch up --instances 2 says it is up",
            TimeSpan.FromSeconds(90));
        Assert.False(_process.HasExited, $"tickwatch up exited with {(_process.HasExited ? _process.ExitCode : 0)}: {_console}");

        var processes = ReadProcessList();
        Assert.Equal(["up", "quote-hub", "exec-gateway", "market-a", "market-b", "gateway-a", "gateway-b"], processes.Select(p => p.Name));
        Assert.Equal(_process.Id, processes[0].Pid);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var markets = processes.Where(p => p.Name.StartsWith("market-", StringComparison.Ordinal)).ToList();

        // Both are in Leased mode, as their heartbeats in the cluster say.
        await using (var connection = RedisClusterFixture.NewConnection(_cluster.Seeds, out _))
        {
            var database = (await connection.GetAsync(default)).GetDatabase();
            foreach (var market in markets)
            {
                Assert.Equal("leased", (string?)await database.HashGetAsync(RedisKeys.ClusterInstance(market.Name), "mode"));
            }
        }

        // Each feed is written by exactly one of them; the other stands by for it.
        var roles = new Dictionary<string, JsonObject>();
        foreach (var market in markets)
        {
            var report = await http.GetFromJsonAsync<JsonObject>(new Uri(market.Url, "/api/debug/comprehensive"));
            roles[market.Name] = report!["websocket_diagnostics"]!["feeds"]!.AsObject();
        }

        var feeds = roles["market-a"].Select(f => f.Key).ToList();
        Assert.Equal(["binary", "json"], feeds.Order(StringComparer.Ordinal));
        foreach (var feed in feeds)
        {
            var writers = markets.Where(m => (string?)roles[m.Name][feed]!["role"] == "writer").Select(m => m.Name).ToList();
            var writer = Assert.Single(writers);
            foreach (var market in markets)
            {
                Assert.Equal(writer, (string?)roles[market.Name][feed]!["held_by"]);
                Assert.Equal(market.Name == writer ? "writer" : "standby", (string?)roles[market.Name][feed]!["role"]);
            }
        }

        // A price reaches a client through each gateway.
        var token = AccessTokens.Mint(new JwtOptions { SigningKey = _signingKey }, "1", "demo", DateTimeOffset.UtcNow);
        foreach (var gateway in processes.Where(p => p.Name.StartsWith("gateway-", StringComparison.Ordinal)))
        {
            await using var client = await StreamClient.ConnectAsync(new Uri($"ws://{gateway.Url.Authority}/api/stream?access_token={token}"));
            await client.SubscribeAsync("EURUSD");
            var price = await client.ReceiveUntilAsync(m => (string?)m["type"] == "price" && (string?)m["symbol"] == "EURUSD", $"a EURUSD price through {gateway.Name}");
            Assert.True(price["bid"]!.GetValue<decimal>() > 0, price.ToJsonString());
        }

        // What systemd and docker send to stop a service: every process goes, cleanly.
        Assert.True(PosixKill(_process.Id));
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, _process.ExitCode);
        Assert.DoesNotContain("did not stop", _console.ToString(), StringComparison.Ordinal);
        foreach (var child in processes.Skip(1))
        {
            await Eventually.UntilAsync(() => !IsRunning(child.Pid), $"{child.Name} (pid {child.Pid}) is gone");
        }

        Assert.False(File.Exists(Path.Combine(_workingDirectory.FullName, ".tickwatch", "cluster", "processes")), "the process list is removed at the end");
    }

    [Fact]
    public async Task Cluster_up_starts_in_the_background_says_each_process_is_ready_and_stop_ends_them_all()
    {
        string[] freePorts = ["--Market:Port", "0", "--Gateway:Port", "0", "--QuoteHub:Port", "0", "--ExecGateway:Port", "0", "--ExecGateway:ControlPort", "0"];
        var (started, banner) = await ClusterUpAsync(["start", .. freePorts]);
        Assert.True(started == 0, banner);
        Assert.Contains("Tickwatch is up: 2 market services in Leased mode and 2 gateways", banner, StringComparison.Ordinal);
        Assert.Contains("Stop with scripts/cluster-up.sh stop", banner, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^market-a +\| ", banner);

        var (statusExit, status) = await ClusterUpAsync(["status"]);
        Assert.True(statusExit == 0, status);
        var pids = new List<int>();
        foreach (var name in new[] { "quote-hub", "exec-gateway", "market-a", "market-b", "gateway-a", "gateway-b" })
        {
            var line = Assert.Single(status.Split('\n'), l => l.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.Matches(@"^\S+ +pid \d+ +http://127\.0\.0\.1:\d+ +ready$", line);
            pids.Add(int.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture));
        }

        var (stopExit, stopped) = await ClusterUpAsync(["stop"]);
        Assert.True(stopExit == 0, stopped);
        Assert.Contains("cluster-up: stopped", stopped, StringComparison.Ordinal);
        foreach (var pid in pids)
        {
            await Eventually.UntilAsync(() => !IsRunning(pid), $"pid {pid} is gone");
        }

        var (after, notRunning) = await ClusterUpAsync(["status"]);
        Assert.Equal(1, after);
        Assert.Contains("cluster-up: not running", notRunning, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>scripts/cluster-up.sh</c> on this test's Redis Cluster; its exit code and output.</summary>
    private async Task<(int Exit, string Output)> ClusterUpAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments.Prepend(RepositoryFiles.PathOf("scripts/cluster-up.sh")))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CLUSTER_UP_REDIS"] = _cluster.Seeds;
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        try
        {
            await script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(150));
        }
        catch (TimeoutException)
        {
            script.Kill(entireProcessTree: true);
            throw;
        }

        return (script.ExitCode, await output + await errors);
    }

    private Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tickwatch"))
        {
            WorkingDirectory = _workingDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TICKWATCH_Jwt__SigningKey"] = _signingKey;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _console.WriteLine(line);
        }
    }

    private List<(string Name, int Pid, Uri Url)> ReadProcessList() =>
        [.. File.ReadAllLines(Path.Combine(_workingDirectory.FullName, ".tickwatch", "cluster", "processes"))
            .Select(l => l.Split(' '))
            .Select(f => (f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2] == "-" ? new Uri("http://unused/") : new Uri(f[2])))];

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart();
        return !state.StartsWith('Z') && !state.StartsWith('X');
    }

    private static bool PosixKill(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }
}
