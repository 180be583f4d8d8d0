using System.Diagnostics;

namespace Tickwatch.GatewayHarness;

/// <summary>The gateway's own process (this program with <c>--serve</c>): started, its output relayed, ended with the harness.</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public Task<Uri> Ready => _ready.Task;

    public static GatewayProcess Start(string signingKey, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> environment)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The harness cannot tell its own executable.");
        var start = new ProcessStartInfo(self)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Under "dotnet Tickwatch.GatewayHarness.dll" the host needs the assembly again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(GatewayProcess).Assembly.Location);
        }

        start.ArgumentList.Add("--serve");
        start.Environment["TICKWATCH_Jwt__SigningKey"] = signingKey;
        foreach (var (key, value) in settings)
        {
            start.Environment["TICKWATCH_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The gateway process did not start.");
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => gateway._ready.TrySetException(new InvalidOperationException($"The gateway process exited with {process.ExitCode}."));
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        // Closing its input is its signal to stop; after 10 s it is ended.
        _process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
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

        if (line.StartsWith(GatewayServer.ReadyPrefix, StringComparison.Ordinal))
        {
            _ready.TrySetResult(new Uri(line[GatewayServer.ReadyPrefix.Length..]));
            return;
        }

        Console.WriteLine("[gateway] " + line);
    }
}
