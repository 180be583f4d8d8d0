using System.Net;
using Microsoft.Extensions.Configuration;
using Tickwatch.Gateway.Auth;

namespace Tickwatch.Cli.Instances;

/// <summary>
/// <c>tickwatch up --instances N</c>: a Redis Cluster (started here unless given), a quote hub and an execution gateway,
/// N market services in Leased mode and N gateways, each a child process of this executable; ready when every one
/// answers its health address; SIGTERM or Ctrl+C stops them all, gateways first, and the Redis Cluster it started.
/// </summary>
/// <remarks>
/// A child that dies is reported and not restarted: killing the writer of the feeds is how one tries the failover.
/// </remarks>
internal static class UpInstances
{
    /// <summary>The longest this process takes to stop after SIGTERM: every group of roles in turn, then the Redis Cluster.</summary>
    public static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(90);

    /// <summary>Each role's time to stop by itself after SIGTERM, as systemd gives the units (TimeoutStopSec).</summary>
    private static readonly TimeSpan RoleStopTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(IConfigurationRoot configuration, IReadOnlyList<string> userArguments, int count, string? redis, bool noHub, bool noExecGateway, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrWhiteSpace(redis) || configuration["Redis:Configuration"] is { Length: > 0 })
        {
            var seeds = !string.IsNullOrWhiteSpace(redis) ? redis : configuration["Redis:Configuration"]!;
            return await RunPlanAsync(configuration, userArguments, count, seeds, redisStartedHere: false, noHub, noExecGateway, cancel).ConfigureAwait(false);
        }

        if (LoopbackRedisCluster.FindScript() is not { } script)
        {
            await Console.Error.WriteLineAsync(
                $"❌ --instances needs a Redis Cluster: give one with --redis host:port,host:port,… (or Redis:Configuration), or run from the source "
                + $"repository, whose {LoopbackRedisCluster.ScriptPath} starts one on loopback (not found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}).").ConfigureAwait(false);
            return 2;
        }

        var cluster = new LoopbackRedisCluster(script, Path.Combine(ClusterProcessList.Folder, "redis-cluster"));
        Console.WriteLine($"Starting a Redis Cluster on loopback with {script} (first port REDIS_CLUSTER_PORT, default 7101)…");
        try
        {
            var seeds = await cluster.StartAsync(cancel).ConfigureAwait(false);
            return await RunPlanAsync(configuration, userArguments, count, seeds, redisStartedHere: true, noHub, noExecGateway, cancel).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"❌ {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped while the cluster was starting.
            return 0;
        }
        finally
        {
            await cluster.StopAsync().ConfigureAwait(false);
        }
    }

    private static Task<int> RunPlanAsync(
        IConfiguration configuration, IReadOnlyList<string> userArguments, int count, string seeds, bool redisStartedHere, bool noHub, bool noExecGateway, CancellationToken cancel)
    {
        var plan = ClusterLayout.Plan(configuration, count, seeds, !noHub, !noExecGateway, FreePort);
        var demoToken = plan.SigningKey is { } key ? DemoToken(configuration, key) : null;
        return RunPlanAsync(plan, userArguments, redisStartedHere, demoToken, cancel);
    }

    private static async Task<int> RunPlanAsync(ClusterPlan plan, IReadOnlyList<string> userArguments, bool redisStartedHere, string? demoToken, CancellationToken cancel)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var children = new List<ChildProcess>();
        try
        {
            // The simulators first: the market services connect to them at start.
            if (await StartGroupAsync(plan.Simulators, children, userArguments, http, cancel).ConfigureAwait(false) is { } simulatorsFailed)
            {
                return simulatorsFailed;
            }

            if (await StartGroupAsync([.. plan.Markets, .. plan.Gateways], children, userArguments, http, cancel).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            var writers = await FeedWriters.ReadAsync(http, plan.Markets[0].Url, TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false);
            ClusterBanner.Print(Console.Out, plan, children, writers, redisStartedHere, demoToken);

            // Until SIGTERM or Ctrl+C; a process that exits meanwhile is reported, and the others carry on.
            var interrupted = Task.Delay(Timeout.Infinite, cancel);
            var running = children.ToList();
            while (running.Count > 0)
            {
                var done = await Task.WhenAny(running.Select(c => c.Exited).Append(interrupted)).ConfigureAwait(false);
                if (done == interrupted)
                {
                    return 0;
                }

                var gone = running.First(c => c.Exited == done);
                running.Remove(gone);
                Console.WriteLine($"⚠️ {gone.Role.Name} (pid {gone.Id}) exited with code {gone.ExitCode}; the other processes carry on (it is not restarted).");
            }

            await Console.Error.WriteLineAsync("❌ Every process of the cluster has exited.").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped while starting.
            return 0;
        }
        finally
        {
            await StopAllAsync(plan, children).ConfigureAwait(false);
            ClusterProcessList.Remove();
            children.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Starts <paramref name="roles"/> together and waits until each is ready: null then, else the exit code to end with (the role's own 2 for invalid configuration, else 1).</summary>
    private static async Task<int?> StartGroupAsync(IReadOnlyList<ChildRole> roles, List<ChildProcess> children, IReadOnlyList<string> userArguments, HttpClient http, CancellationToken cancel)
    {
        var started = roles.Select(r => ChildProcess.Start(r, userArguments)).ToList();
        children.AddRange(started);
        ClusterProcessList.Write(children);
        Console.WriteLine($"Started {string.Join(", ", started.Select(c => $"{c.Role.Name} (pid {c.Id})"))}; waiting until each is ready…");
        var problems = await Task.WhenAll(started.Select(c => c.WaitReadyAsync(http, ReadyTimeout, cancel))).ConfigureAwait(false);
        var first = problems.Select((problem, i) => (problem, child: started[i])).FirstOrDefault(p => p.problem is not null);
        if (first.problem is null)
        {
            return null;
        }

        await Console.Error.WriteLineAsync($"❌ {first.problem}").ConfigureAwait(false);
        return first.child.ExitCode == 2 ? 2 : 1;
    }

    /// <summary>Gateways first (they let go of clients), then the market services (they release their leases), then the simulators.</summary>
    private static async Task StopAllAsync(ClusterPlan plan, IReadOnlyList<ChildProcess> children)
    {
        foreach (var group in new[] { plan.Gateways, plan.Markets, plan.Simulators })
        {
            var names = group.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            var running = children.Where(c => names.Contains(c.Role.Name)).ToList();
            var stopped = await Task.WhenAll(running.Select(c => c.StopAsync(RoleStopTimeout))).ConfigureAwait(false);
            for (var i = 0; i < running.Count; i++)
            {
                if (!stopped[i])
                {
                    await Console.Error.WriteLineAsync($"⚠️ {running[i].Role.Name} (pid {running[i].Id}) did not stop within {RoleStopTimeout.TotalSeconds:0} s of SIGTERM and was killed.").ConfigureAwait(false);
                }
            }
        }
    }

    private static string DemoToken(IConfiguration configuration, string signingKey)
    {
        var jwt = configuration.GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
        jwt.SigningKey = signingKey;
        return AccessTokens.Mint(jwt, "1", "demo", TimeProvider.System.GetUtcNow());
    }

    private static int FreePort()
    {
        // Taken and let go at once: another process could take it in between, but the role binds it next.
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
