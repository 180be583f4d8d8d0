using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Tickwatch.Testing;

namespace Tickwatch.IntegrationTests.Metrics;

/// <summary>A real Prometheus server (Debian's package) on a free loopback port, with its own configuration and storage in a temporary folder; killed on dispose.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly StringBuilder _log;

    private PrometheusServer(Process process, DirectoryInfo folder, StringBuilder log, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        _log = log;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = Eventually.DefaultTimeout };
    }

    public HttpClient Http { get; }

    /// <summary>What Prometheus logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus with <paramref name="configuration"/> as prometheus.yml and <paramref name="files"/> beside it (rule files), and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string configuration, IReadOnlyDictionary<string, string> files)
    {
        var folder = Directory.CreateTempSubdirectory("tickwatch-prometheus-");
        var config = Path.Combine(folder.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, configuration);
        foreach (var (name, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, name), text);
        }

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(PrometheusTools.Find("prometheus"))
        {
            WorkingDirectory = folder.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}");
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        var log = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PrometheusServer(process, folder, log, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await Eventually.UntilAsync(
                async () => process.HasExited ? throw new InvalidOperationException($"prometheus exited with {process.ExitCode}:{Environment.NewLine}{server.Log}") : await server.IsReadyAsync(),
                "Prometheus is ready",
                StartTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The result vector of an instant query; throws when Prometheus refuses the query.</summary>
    public async Task<JsonArray> QueryAsync(string promql)
    {
        var body = await GetDataAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        return body["result"]!.AsArray();
    }

    /// <summary>Every pending and firing alert.</summary>
    public async Task<JsonArray> AlertsAsync() => (await GetDataAsync("/api/v1/alerts"))["alerts"]!.AsArray();

    /// <summary>The rule groups with each rule's state (inactive, pending, firing) and health (ok, err, unknown).</summary>
    public async Task<JsonArray> RuleGroupsAsync() => (await GetDataAsync("/api/v1/rules"))["groups"]!.AsArray();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private async Task<JsonNode> GetDataAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(text)!;
        return response.IsSuccessStatusCode && json["status"]?.GetValue<string>() == "success"
            ? json["data"]!
            : throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode} to {path}: {text}");
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("/-/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }
}
