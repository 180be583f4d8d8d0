using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Testing;

namespace Tickwatch.Cli.Tests;

/// <summary>
/// The real <c>tickwatch up</c> process, as an operator starts it: the guide's first commands answer, its log patterns
/// are found in <c>logs/</c>, and SIGTERM stops it cleanly.
/// </summary>
public sealed class UpProcessTests : IAsyncLifetime
{
    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("tickwatch-up-");
    private readonly int _marketPort = LoopbackPorts.Free();
    private readonly int _gatewayPort = LoopbackPorts.Free();
    private readonly int _hubPort = LoopbackPorts.Free();
    private readonly int _execPort = LoopbackPorts.Free();
    private readonly int _execControlPort = LoopbackPorts.Free();
    private readonly StringWriter _console = new();
    private Process _process = null!;

    public Task InitializeAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tickwatch"))
        {
            WorkingDirectory = _workingDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "up", "--Market:Port", Port(_marketPort), "--Gateway:Port", Port(_gatewayPort), "--QuoteHub:Port", Port(_hubPort),
            "--ExecGateway:Port", Port(_execPort), "--ExecGateway:ControlPort", Port(_execControlPort), "--Health:Interval", "00:00:01",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _workingDirectory.Delete(recursive: true);
    }

    [Fact]
    public async Task The_guides_first_steps_work_against_tickwatch_up_and_sigterm_stops_it_cleanly()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.UntilAsync(
            async () => !_process.HasExited && await AnswersOkAsync(http, _marketPort, "/health/ready") && await AnswersOkAsync(http, _gatewayPort, "/health"),
            $"tickwatch up's market service (port {_marketPort}) is ready and its gateway (port {_gatewayPort}) answers",
            TimeSpan.FromSeconds(90));

        // Step 1, as the guide writes it (with this test's ports).
        var pythonHealth = JsonNode.Parse(await BashAsync($"curl -s -X GET http://localhost:{_gatewayPort}/api/debug/python-health"))!;
        Assert.True(pythonHealth["success"]!.GetValue<bool>(), pythonHealth.ToJsonString());
        Assert.Equal("true", (await BashAsync($"curl -s http://localhost:{_marketPort}/api/debug/websocket | jq '.connection_status.is_running'")).Trim());
        Assert.Equal("\"not_applicable\"", (await BashAsync($"curl -s http://localhost:{_marketPort}/api/debug/redis-cluster | jq '.cluster_health.cluster_state'")).Trim());
        Assert.True(double.Parse(await BashAsync($"curl -s http://localhost:{_marketPort}/api/debug/market-data | jq '.data_freshness.freshness_rate'"), System.Globalization.CultureInfo.InvariantCulture) > 0);

        // The guide's log patterns, found in logs/ (a folder, so grep needs -r).
        foreach (var pattern in new[] { "🎯 Startup complete! Running", "✅ Market data warmup successful", "💊 Health Check - Redis: ✅" })
        {
            await Eventually.UntilAsync(async () => (await BashAsync($"grep -rc \"{pattern}\" logs/ || true")).Contains(":1", StringComparison.Ordinal), $"'{pattern}' in logs/");
        }

        // The market service's order forensics ask this process's gateway what the user was shown.
        var order = await Eventually.ValueAsync(() => PlaceAsync(http, "demo:1"), o => o is not null, "a market order fills");
        var forensics = JsonNode.Parse(await BashAsync($"curl -s http://localhost:{_marketPort}/api/debug/forensics/orders/{order!["order_id"]!.GetValue<string>()}"))!;
        Assert.Equal($"http://127.0.0.1:{_gatewayPort}/: 0 prices shown", forensics["shown_sources"]![0]!.GetValue<string>());

        // The seed's provider-routed account goes through the built-in execution gateway, priced by the hub's feed.
        await Eventually.UntilAsync(
            async () => (await BashAsync($"curl -s http://localhost:{_marketPort}/api/debug/provider | jq -r '.state'")).Trim() == "connected",
            "the market's provider link is connected to the built-in execution gateway");
        var queued = await Eventually.ValueAsync(() => PlaceAsync(http, "live:900001"), o => o is not null, "a provider-routed order is queued");
        Assert.Equal("QUEUED", queued!["status"]!.GetValue<string>());
        var providerOrder = queued["order_id"]!.GetValue<string>();
        await Eventually.UntilAsync(
            async () => (await BashAsync($"curl -s http://localhost:{_marketPort}/api/trading/accounts/live:900001/orders/{providerOrder} | jq -r '.status'")).Trim() == "OPEN",
            "the execution gateway's fill is applied");

        // What systemd and docker send to stop a service.
        await BashAsync($"kill -TERM {_process.Id}");
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, _process.ExitCode);
        Assert.DoesNotContain("did not stop", Console(), StringComparison.Ordinal);
    }

    /// <summary>A market BUY of 0.01 EURUSD for <paramref name="account"/>: the order when created, null otherwise.</summary>
    private async Task<JsonNode?> PlaceAsync(HttpClient http, string account)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_marketPort}/api/trading/accounts/{account}/orders"))
        {
            Content = JsonContent.Create(new { symbol = "EURUSD", type = "BUY", volume = 0.01 }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Created ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    private static async Task<bool> AnswersOkAsync(HttpClient http, int port, string path)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<string> BashAsync(string command)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = _workingDirectory.FullName,
            RedirectStandardOutput = true,
        })!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return output;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_console)
            {
                _console.WriteLine(line);
            }
        }
    }

    private string Console()
    {
        lock (_console)
        {
            return _console.ToString();
        }
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
