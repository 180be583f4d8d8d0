using System.Diagnostics;

namespace Tickwatch.BenchSupport;

/// <summary>
/// A service under measurement in its own process: the harness's own program started again with <c>--serve</c>, its
/// configuration passed as <c>TICKWATCH_</c> variables, its output relayed with its name in front; it says where it
/// listens with a line <c>READY url</c>, and stops when its standard input closes (so it also ends with the harness).
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    /// <summary>What the served process prints, followed by its base address, once it listens.</summary>
    public const string ReadyPrefix = "READY ";

    private readonly Process _process;
    private readonly string _name;
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Id => _process.Id;

    /// <summary>The served process's base address, once it printed it; faults if the process exits first.</summary>
    public Task<Uri> Ready => _ready.Task;

    /// <summary>Starts this program with <c>--serve</c>; <paramref name="settings"/> are configuration keys (<c>Market:Port</c>), <paramref name="environment"/> plain variables.</summary>
    public static ServeProcess Start(string name, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The harness cannot tell its own executable.");
        var start = new ProcessStartInfo(self);

        // Under "dotnet Harness.dll" the host needs the assembly again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("The harness cannot tell its own assembly."));
        }

        start.ArgumentList.Add("--serve");
        ServeProcess? served = null;
        var process = ChildProcess.Start(start, settings, environment, name, line => served?.OnLine(line));
        var result = new ServeProcess(process, name);
        served = result;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => result._ready.TrySetException(new InvalidOperationException($"The {name} process exited with {process.ExitCode}."));
        return result;
    }

    /// <summary>What a served process calls once it listens: the line the harness waits for.</summary>
    public static void SayReady(Uri address) => Console.WriteLine(ReadyPrefix + address);

    /// <summary>What a served process awaits after <see cref="SayReady"/>: the end of its standard input (the harness ended, or died).</summary>
    public static Task UntilHarnessEndsAsync() => Task.Run(() =>
    {
        while (Console.ReadLine() is not null)
        {
        }
    });

    public async ValueTask DisposeAsync()
    {
        // Closing its input is its signal to stop; after 15 s it is ended.
        _process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            _ready.TrySetResult(new Uri(line[ReadyPrefix.Length..]));
            return;
        }

        Console.WriteLine($"[{_name}] {line}");
    }
}
