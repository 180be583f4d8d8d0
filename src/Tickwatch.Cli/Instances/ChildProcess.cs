using System.Diagnostics;
using System.Net;

namespace Tickwatch.Cli.Instances;

/// <summary>
/// One role of <c>tickwatch up --instances</c> in a process of its own: the same executable, the user's configuration
/// switches and then the role's, its console relayed to this one with its name in front. Stopped with SIGTERM, as
/// systemd and docker stop a role, and killed only if it has not stopped in time.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int TailLines = 20;
    private static readonly Lock ConsoleLock = new();
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(ChildRole role, Process process)
    {
        Role = role;
        _process = process;
    }

    public ChildRole Role { get; }

    public int Id => _process.Id;

    /// <summary>Completes when the process has exited, for whatever reason.</summary>
    public Task Exited => _exited.Task;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts <paramref name="role"/> with <paramref name="userArguments"/> (the <c>--config</c> file and <c>--Section:Key</c> switches given to <c>up</c>) before its own settings.</summary>
    public static ChildProcess Start(ChildRole role, IReadOnlyList<string> userArguments)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(userArguments);
        var (file, prefix) = SelfCommand();
        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in prefix.Append(role.Command).Concat(userArguments))
        {
            start.ArgumentList.Add(argument);
        }

        // The command line's last value of a key wins: the role's settings override the user's where they must.
        foreach (var (key, value) in role.Settings)
        {
            start.ArgumentList.Add("--" + key);
            start.ArgumentList.Add(value);
        }

        foreach (var (key, value) in role.Secrets)
        {
            start.Environment["TICKWATCH_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // As deploy/ runs the services (systemd units, Dockerfile), unless this environment says otherwise.
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
        {
            start.Environment["MALLOC_ARENA_MAX"] = "2";
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(role, process);
        process.OutputDataReceived += (_, e) => child.Relay(e.Data);
        process.ErrorDataReceived += (_, e) => child.Relay(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{role.Name} ({role.Command}) did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Polls the role's ready address until it answers 200: null then, or why not (the process exited first, or <paramref name="timeout"/> passed).</summary>
    public async Task<string?> WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (!await IsReadyAsync(http, cancellationToken).ConfigureAwait(false))
        {
            if (Exited.IsCompleted)
            {
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return $"{Role.Name} exited with code {_process.ExitCode} while starting; its last lines: {LastLines()}";
            }

            if (deadline.Elapsed > timeout)
            {
                return $"{Role.Name} did not answer 200 at {Role.Ready} within {timeout.TotalSeconds:0} s; its last lines: {LastLines()}";
            }

            await poll.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>SIGTERM, then up to <paramref name="timeout"/> for the role to stop by itself; killed after that. True when it stopped by itself.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (!Exited.IsCompleted)
        {
            PosixSignals.Terminate(_process.Id);
        }

        try
        {
            await Exited.WaitAsync(timeout).ConfigureAwait(false);
            await _process.WaitForExitAsync().ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            // Not stopped in time: killed below.
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return false;
    }

    public string LastLines()
    {
        lock (_tail)
        {
            return string.Join(" | ", _tail);
        }
    }

    public void Dispose() => _process.Dispose();

    /// <summary>This executable as a command: the apphost itself, or <c>dotnet tickwatch.dll</c> when run through the muxer.</summary>
    private static (string File, string[] Prefix) SelfCommand()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is not known.");
        return Path.GetFileNameWithoutExtension(path) == "dotnet" ? (path, [typeof(ChildProcess).Assembly.Location]) : (path, []);
    }

    private async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(Role.Ready, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The request's own timeout: not ready yet.
            return false;
        }
    }

    private void Relay(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }

        lock (ConsoleLock)
        {
            Console.Out.WriteLine($"{Role.Name,-12}| {line}");
        }
    }
}
