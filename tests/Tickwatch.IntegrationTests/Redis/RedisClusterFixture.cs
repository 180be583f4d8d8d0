using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>A dedicated Redis Cluster for the tests (ports 7201–7206 by default), started once and restarted after a test broke it.</summary>
/// <remarks>
/// Started with <c>scripts/redis-cluster.sh</c> in its own folder, so it never touches a developer's cluster.
/// A test that kills nodes calls <see cref="MarkBroken"/>; the next test's <see cref="EnsureHealthyAsync"/> then
/// starts the cluster afresh. <c>TICKWATCH_TEST_REDIS_PORT</c> chooses other ports.
/// </remarks>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private bool _broken;

    public RedisClusterFixture()
        : this(int.TryParse(Environment.GetEnvironmentVariable("TICKWATCH_TEST_REDIS_PORT"), out var port) ? port : 7201, "redis-cluster-tests")
    {
    }

    private RedisClusterFixture(int firstPort, string folder)
    {
        FirstPort = firstPort;
        Cluster = new LocalRedisCluster(firstPort, ".tickwatch/" + folder);
    }

    public int FirstPort { get; }

    public LocalRedisCluster Cluster { get; }

    /// <summary>A connection shared by the tests that do not break the cluster; renewed after a restart.</summary>
    public RedisConnection Connection { get; private set; } = null!;

    public StoreErrorLog Errors { get; private set; } = new();

    public async Task InitializeAsync()
    {
        await Cluster.StartAsync();
        Connection = NewConnection(out var errors);
        Errors = errors;
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Cluster.StopAsync();
    }

    /// <summary>The cluster has lost nodes (or otherwise changed); the next test gets a fresh one.</summary>
    public void MarkBroken() => _broken = true;

    /// <summary>Restarts the cluster if a test broke it; every test starts with this.</summary>
    public async Task EnsureHealthyAsync()
    {
        if (!_broken)
        {
            return;
        }

        await Connection.DisposeAsync();
        await Cluster.StopAsync();
        await Cluster.StartAsync();
        Connection = NewConnection(out var errors);
        Errors = errors;
        _broken = false;
    }

    public RedisConnection NewConnection(out StoreErrorLog errors, Action<RedisStoreOptions>? configure = null, ILogger<RedisConnection>? logger = null) =>
        NewConnection(Cluster.Seeds, out errors, configure, logger);

    public static RedisConnection NewConnection(string seeds, out StoreErrorLog errors, Action<RedisStoreOptions>? configure = null, ILogger<RedisConnection>? logger = null)
    {
        var options = new RedisStoreOptions
        {
            Configuration = seeds,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            SyncTimeout = TimeSpan.FromSeconds(2),
            NodeProbeTimeout = TimeSpan.FromMilliseconds(500),
            TopologyCheckInterval = TimeSpan.FromSeconds(1),
            ClientName = "tickwatch-tests",
        };
        configure?.Invoke(options);
        errors = new StoreErrorLog();
        return new RedisConnection(Options.Create(options), TimeProvider.System, errors, logger);
    }


    internal static async Task<string> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {text}");
        }

        return text;
    }
}
