using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tickwatch.BenchSupport;

/// <summary>
/// One role of the built <c>tickwatch</c> executable (<c>src/Tickwatch.Cli</c>, Release) in a process of its own, as an
/// operator runs it: configured by <c>TICKWATCH_</c> variables only (no log files, warnings and errors on its console), its output relayed with its name in
/// front, ready once an HTTP address of its answers. Ended by the harness (by its id) when done.
/// </summary>
public sealed class TickwatchProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, byte> GivenPorts = new();
    private readonly Process _process;
    private readonly string _name;

    private TickwatchProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Id => _process.Id;

    /// <summary>The built executable: <c>src/Tickwatch.Cli/bin/Release/net10.0/tickwatch.dll</c> under the repository.</summary>
    public static string Executable()
    {
        var path = Path.Combine(RedisClusterScript.FindRoot(), "src", "Tickwatch.Cli", "bin", "Release", "net10.0", "tickwatch.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the CLI first: dotnet build src/Tickwatch.Cli -c Release.", path);
    }

    /// <summary>
    /// A loopback port free now (the OS's choice), for a role that needs its port in its configuration; never one this
    /// process was given before: the OS may offer a port it just closed again, and two roles cannot share one.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (GivenPorts.TryAdd(port, 0))
            {
                return port;
            }
        }
    }

    /// <summary>Starts <c>tickwatch <paramref name="command"/></c> with <paramref name="settings"/> as configuration keys (<c>Gateway:Port</c>).</summary>
    public static TickwatchProcess Start(string command, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Executable());
        start.ArgumentList.Add(command);

        // No log files; warnings and errors only: a line per request would be the harness's own load on the service.
        start.Environment["TICKWATCH_Logs__Files"] = "false";
        start.Environment["TICKWATCH_Logging__LogLevel__Default"] = "Warning";
        TickwatchProcess? started = null;
        var process = ChildProcess.Start(start, settings, environment, "tickwatch " + command, line => started?.Relay(line));
        var result = new TickwatchProcess(process, command);
        started = result;
        return result;
    }

    /// <summary>Waits until <paramref name="address"/> answers with success, failing if the process exits or <paramref name="timeout"/> passes.</summary>
    public async Task WaitReadyAsync(Uri address, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"tickwatch {_name} exited with {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(address).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"tickwatch {_name} did not answer {address} within {timeout.TotalSeconds} s."));
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Relay(string? line)
    {
        if (line is not null)
        {
            Console.WriteLine($"[{_name}] {line}");
        }
    }
}
