using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.BenchSupport;

/// <summary>
/// The machine's own limits, measured in the same run as a harness's steps so each figure can be shown as a ratio of its
/// limit: what a receive-only client takes from the quote hub at its highest rate, and what <c>redis-benchmark</c>'s
/// pipelined HSET gets from the cluster. Neither throws on failure: the result carries an <c>Error</c> text instead, so a
/// harness run still reports its steps.
/// </summary>
public static class MachineLimits
{
    /// <summary>The program <see cref="RedisHsetAsync"/> runs, from Debian's redis-tools.</summary>
    public const string RedisBenchmark = "redis-benchmark";

    // Long enough for a hub in another process to connect the reader and start generating on a busy machine.
    private static readonly TimeSpan FirstFrameWait = TimeSpan.FromSeconds(10);

    // The hub must be left as it was found even when the caller has cancelled.
    private static readonly TimeSpan RestoreWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reads <paramref name="feedUrl"/> with one bare WebSocket client (whole frames counted, nothing decoded) for
    /// <paramref name="duration"/> while the hub at <paramref name="hubControl"/> generates at its highest rate, then
    /// restores the rate the hub had before.
    /// </summary>
    public static async Task<FeedLimit> ReceiveOnlyAsync(Uri feedUrl, FeedLimitProtocol protocol, Uri hubControl, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        ArgumentNullException.ThrowIfNull(hubControl);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        using var control = new HubControlClient(hubControl);
        HubStatusReply found;
        try
        {
            found = await control.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            return FeedLimit.Failed(protocol, feedUrl, $"the hub's control at {hubControl} did not give its status: {ex.Message}");
        }

        var wire = protocol == FeedLimitProtocol.Json ? "json" : "protobuf";
        var feed = found.Feeds.ToList().FindIndex(f => f.Protocol == wire && f.Path == feedUrl.AbsolutePath);
        if (feed < 0)
        {
            var served = string.Join(", ", found.Feeds.Select(f => $"{f.Protocol} at {f.Path}"));
            return FeedLimit.Failed(protocol, feedUrl, $"the hub at {hubControl} serves no {wire} feed at {feedUrl.AbsolutePath} (it serves {served})");
        }

        if (found.Rate is not { } previous)
        {
            return FeedLimit.Failed(protocol, feedUrl, $"the hub at {hubControl} gave no rate in its status, so it could not be restored");
        }

        FeedLimit result;
        var reader = new BareFeedReader(feedUrl);
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                await reader.StartAsync(cancellationToken).ConfigureAwait(false);
                await control.SetRateAsync(QuoteHubOptionsValidator.MaxUpdatesPerSecond, cancellationToken).ConfigureAwait(false);
                result = await MeasureAsync(reader, control, feed, protocol, duration, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailure(ex, cancellationToken))
            {
                result = FeedLimit.Failed(protocol, feedUrl, $"reading {feedUrl} failed: {ex.Message}");
            }
            finally
            {
                using var restoring = new CancellationTokenSource(RestoreWait);
                try
                {
                    await control.SetMultiplierAsync(previous.Multiplier, restoring.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or OperationCanceledException)
                {
                    // Only reached without a caller's cancellation in flight: a thrown finally would hide it.
                    result = FeedLimit.Failed(protocol, feedUrl, $"the hub's rate multiplier {previous.Multiplier} could not be restored: {ex.Message}");
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Runs <c>redis-benchmark</c> pipelined HSET (<c>--cluster -t hset -P 16 -r 1000</c>) for <paramref name="requests"/>
    /// requests against the cluster of <paramref name="seeds"/> (<c>127.0.0.1:7801,...</c>, the first one is used) and reads
    /// every local node's CPU around it.
    /// </summary>
    public static async Task<RedisLimit> RedisHsetAsync(string seeds, int requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        var endpoints = seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParseEndpoint)
            .ToList();
        if (endpoints.Count == 0 || endpoints.Any(e => e is null))
        {
            return RedisLimit.Failed($"{RedisBenchmark} (not run)", requests, $"the seeds '{seeds}' are not host:port,...");
        }

        var (host, port) = endpoints[0]!.Value;
        var command = Command(host, port, requests);
        if (!IsOnPath(RedisBenchmark))
        {
            return RedisLimit.Failed(command, requests, $"{RedisBenchmark} is not on the PATH: install Debian's redis-tools (scripts/install-deps.sh {RedisBenchmark}:redis-tools)");
        }

        var ports = await ClusterNodePortsAsync(host, port, cancellationToken).ConfigureAwait(false)
            ?? [.. endpoints.Select(e => e!.Value.Port).Distinct().Order()];
        var cpu = new ClusterCpu(ports);
        string output;
        int exitCode;
        var before = cpu.Sample();
        try
        {
            (exitCode, output) = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            return RedisLimit.Failed(command, requests, $"{RedisBenchmark} did not run: {ex.Message}");
        }

        var used = ClusterCpu.Between(before, cpu.Sample()).Values.Aggregate(TimeSpan.Zero, (sum, node) => sum + node);
        if (exitCode != 0)
        {
            // Its last line says why (e.g. "Could not connect to Redis at ...: Connection refused").
            var why = output.Split(Environment.NewLine).LastOrDefault(l => l.Length > 0) ?? "no output";
            return RedisLimit.Failed(command, requests, $"{RedisBenchmark} exited with {exitCode}: {why}", output);
        }

        if (RedisBenchmarkOutput.RequestsPerSecond(output, "HSET") is not { } perSecond)
        {
            return RedisLimit.Failed(command, requests, $"{RedisBenchmark} gave no HSET figure", output);
        }

        var error = used > TimeSpan.Zero ? null : $"no CPU read: no local redis-server process on ports {string.Join(',', ports)}";
        return new RedisLimit(command, requests, perSecond, used.TotalMicroseconds / requests, used, ports, output, error);
    }

    /// <summary>The command line <see cref="RedisHsetAsync"/> runs.</summary>
    public static string Command(string host, int port, int requests) =>
        string.Create(CultureInfo.InvariantCulture, $"{RedisBenchmark} -h {host} -p {port} --cluster -t hset -P 16 -n {requests} -r 1000 -q");

    private static async Task<FeedLimit> MeasureAsync(
        BareFeedReader reader, HubControlClient control, int feed, FeedLimitProtocol protocol, TimeSpan duration, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var waiting = time.GetTimestamp();
        while (reader.Frames == 0)
        {
            if (time.GetElapsedTime(waiting) > FirstFrameWait)
            {
                throw new TimeoutException($"no frame arrived within {FirstFrameWait.TotalSeconds:N0} s of setting the hub to its highest rate");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken).ConfigureAwait(false);
        }

        var start = await SnapshotAsync(reader, control, feed, cancellationToken).ConfigureAwait(false);
        await Task.Delay(duration, time, cancellationToken).ConfigureAwait(false);
        var end = await SnapshotAsync(reader, control, feed, cancellationToken).ConfigureAwait(false);

        var seconds = (end.At - start.At) / (double)time.TimestampFrequency;
        var frames = end.Frames - start.Frames;
        var encoded = end.Feed.Sequence - start.Feed.Sequence;
        var perFrame = encoded > 0 ? (end.Feed.UpdatesSent - start.Feed.UpdatesSent) / (double)encoded : 0;
        return new FeedLimit(
            protocol,
            reader.Url,
            TimeSpan.FromSeconds(seconds),
            QuoteHubOptionsValidator.MaxUpdatesPerSecond,
            frames / seconds,
            frames * perFrame / seconds,
            (end.Bytes - start.Bytes) / seconds,
            (end.Cpu - start.Cpu).TotalSeconds / seconds,
            Math.Max(0, Math.Max(start.Feed.Connections, end.Feed.Connections) - 1));
    }

    private static async Task<Snapshot> SnapshotAsync(BareFeedReader reader, HubControlClient control, int feed, CancellationToken cancellationToken)
    {
        // The reader's counts and the clock first, together; the hub's counters only give the mean prices per frame.
        var at = TimeProvider.System.GetTimestamp();
        var frames = reader.Frames;
        var bytes = reader.Bytes;
        var cpu = Environment.CpuUsage.TotalTime;
        var status = await control.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return new Snapshot(at, frames, bytes, cpu, status.Feeds[feed]);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(RedisBenchmark)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Split(' ').Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{RedisBenchmark} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, RedisBenchmarkOutput.Clean(await output.ConfigureAwait(false) + await error.ConfigureAwait(false)));
    }

    /// <summary>Every node's port from <c>CLUSTER NODES</c>, replicas included (their CPU is the writes' too); null when it does not answer.</summary>
    private static async Task<IReadOnlyList<int>?> ClusterNodePortsAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("*2\r\n$7\r\nCLUSTER\r\n$5\r\nNODES\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.ASCII);

            // A bulk string: "$<length>" then the text; anything else (an error, no cluster) means the seeds are all there is.
            var header = await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (header is not ['$', .. var digits] || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                return null;
            }

            var text = new char[length];
            var read = await reader.ReadBlockAsync(text, timeout.Token).ConfigureAwait(false);
            var ports = RedisBenchmarkOutput.NodePorts(new string(text, 0, read));
            return ports.Count > 0 ? ports : null;
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    private static (string Host, int Port)? ParseEndpoint(string seed)
    {
        var colon = seed.LastIndexOf(':');
        return colon > 0 && int.TryParse(seed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? (seed[..colon], port)
            : null;
    }

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    // A caller's cancellation goes on up; anything else becomes the result's error.
    private static bool IsFailure(Exception ex, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private readonly record struct Snapshot(long At, long Frames, long Bytes, TimeSpan Cpu, FeedStatus Feed);
}
