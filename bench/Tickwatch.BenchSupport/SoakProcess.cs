using System.Diagnostics;
using System.Globalization;
using static System.FormattableString;

namespace Tickwatch.BenchSupport;

/// <summary>
/// One role of the built <c>tickwatch</c> executable in its own process, configured by <c>TICKWATCH_</c> variables; its
/// standard output and error go to files in the run's log folder, and an exit the harness did not ask for is a violation
/// naming the process, its exit code and its last lines of output.
/// </summary>
public sealed class SoakProcess : IAsyncDisposable
{
    private const int TailLines = 20;
    private readonly Process _process;
    private readonly StreamWriter _stdout;
    private readonly StreamWriter _stderr;
    private readonly Queue<string> _tail = new();
    private volatile bool _stopping;

    private SoakProcess(string name, Process process, StreamWriter stdout, StreamWriter stderr)
    {
        Name = name;
        _process = process;
        _stdout = stdout;
        _stderr = stderr;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>tickwatch <paramref name="command"/></c>; <paramref name="name"/> tells two processes of one command apart (log files, violations).</summary>
    public static SoakProcess Start(string command, IReadOnlyDictionary<string, string> settings, string logFolder, InvariantLog log, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        name ??= command;
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(TickwatchProcess.Executable());
        start.ArgumentList.Add(command);

        // No log files of its own (its console is kept here); warnings and errors only, so a long run's logs stay readable.
        start.Environment["TICKWATCH_Logs__Files"] = "false";
        start.Environment["TICKWATCH_Logging__LogLevel__Default"] = "Warning";

        // As deploy/ runs the services (systemd units, Dockerfile); a MALLOC_ARENA_MAX of the harness's own environment wins.
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
        {
            start.Environment["MALLOC_ARENA_MAX"] = "2";
        }
        foreach (var (key, value) in settings)
        {
            start.Environment["TICKWATCH_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        Directory.CreateDirectory(logFolder);
        var stdout = new StreamWriter(Path.Combine(logFolder, name + ".stdout.log"), append: true) { AutoFlush = true };
        var stderr = new StreamWriter(Path.Combine(logFolder, name + ".stderr.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var result = new SoakProcess("tickwatch " + name, process, stdout, stderr);
        process.OutputDataReceived += (_, e) => result.Keep(e.Data, stdout);
        process.ErrorDataReceived += (_, e) => result.Keep(e.Data, stderr);
        process.Exited += (_, _) => result.OnExited(log);
        if (!process.Start())
        {
            throw new InvalidOperationException($"tickwatch {command} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Waits until <paramref name="address"/> answers with success, failing if the process exits or <paramref name="timeout"/> passes.</summary>
    public async Task WaitReadyAsync(HttpClient http, Uri address, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!await AnswersAsync(http, address))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}: {LastLines()}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException(Invariant($"{Name} did not answer {address} within {timeout.TotalSeconds} s."));
            }

            await Task.Delay(200);
        }
    }

    public static async Task<bool> AnswersAsync(HttpClient http, Uri address)
    {
        try
        {
            using var response = await http.GetAsync(address);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The run was interrupted (a terminal's Ctrl+C reaches this process too): its exit is expected now.</summary>
    public void Interrupted() => _stopping = true;

    /// <summary>SIGKILLs the process (a crash the harness asked for, no violation) and waits for its exit.</summary>
    public async Task KillAsync()
    {
        _stopping = true;
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>SIGSTOPs the process: it keeps its sockets and state but runs nothing until <see cref="ResumeAsync"/>.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONTs a process <see cref="PauseAsync">paused</see> before.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    public string LastLines()
    {
        lock (_tail)
        {
            return string.Join(" | ", _tail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(deadline.Token);
        }

        _process.Dispose();
        await _stdout.DisposeAsync();
        await _stderr.DisposeAsync();
    }

    private async Task SignalAsync(string signal)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} exited with {kill.ExitCode}.");
        }
    }

    private void Keep(string? line, StreamWriter file)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            file.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private void OnExited(InvariantLog log)
    {
        if (_stopping)
        {
            return;
        }

        // The output may still be draining; a moment lets the last lines in before they are quoted.
        _process.WaitForExit(2000);
        log.Violated("no-crash", Name + " (process " + _process.Id.ToString(CultureInfo.InvariantCulture) + ")", $"exited with code {_process.ExitCode}; last output: {LastLines()}");
    }
}
