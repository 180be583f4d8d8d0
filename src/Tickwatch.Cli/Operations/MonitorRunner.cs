using System.Globalization;
using System.Text.Json.Nodes;

namespace Tickwatch.Cli.Operations;

/// <summary><c>tickwatch monitor</c>: the guide's <c>monitor_production.sh</c> — the same three readings, lines and alerts — plus, when it alerts, the diagnosis's causes and actions.</summary>
internal sealed class MonitorRunner(OperatorClient client, TextWriter output, TimeProvider time)
{
    /// <summary>Runs one round now and, unless <paramref name="once"/>, one every <paramref name="interval"/> until cancelled.</summary>
    /// <returns>With <paramref name="once"/>: 1 when the round alerted, else 0. Otherwise 0 when stopped.</returns>
    public async Task<int> RunAsync(TimeSpan interval, bool once, CancellationToken cancellationToken)
    {
        try
        {
            if (once)
            {
                return await RunRoundAsync(cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }

            // Rounds keep to the interval from the start, as the clock says, however long each takes.
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                await RunRoundAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the operator stopped watching.
        }

        return 0;
    }

    /// <summary>One round: the script's lines, its alerts, and what the diagnosis says is wrong; true when an alert fired.</summary>
    public async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        var reading = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== {now:ddd MMM d HH:mm:ss} UTC {now:yyyy} ==="));
        output.WriteLine($"Redis: {reading.RedisState}");
        output.WriteLine($"WebSocket: {(reading.WebSocketRunning ? "true" : "false")}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Data Freshness: {reading.Freshness}%"));
        var alerts = MonitorAlerts.For(reading);
        foreach (var alert in alerts)
        {
            output.WriteLine(alert);
        }

        foreach (var problem in reading.Problems)
        {
            output.WriteLine($"   ↳ {problem}");
        }

        if (alerts.Count > 0 && reading.Problems.Count == 0)
        {
            await ExplainAsync(cancellationToken).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return alerts.Count > 0;
    }

    /// <summary>The three readings, asked at once; a failed request gives the script's default and a problem line.</summary>
    public async Task<MonitorReading> ReadAsync(CancellationToken cancellationToken)
    {
        var redis = TryGetAsync("/api/debug/redis-cluster", cancellationToken);
        var websocket = TryGetAsync("/api/debug/websocket", cancellationToken);
        var marketData = TryGetAsync("/api/debug/market-data", cancellationToken);
        var (redisBody, redisProblem) = await redis.ConfigureAwait(false);
        var (websocketBody, websocketProblem) = await websocket.ConfigureAwait(false);
        var (marketDataBody, marketDataProblem) = await marketData.ConfigureAwait(false);

        var state = redisBody?["cluster_health"]?["cluster_state"] is JsonValue s && s.TryGetValue(out string? text) ? text : "error";
        var running = websocketBody?["connection_status"]?["is_running"] is JsonValue r && r.TryGetValue(out bool value) && value;
        var freshness = marketDataBody?["data_freshness"]?["freshness_rate"] is JsonValue f && f.TryGetValue(out double rate) ? rate : 0;
        return new MonitorReading(state, running, freshness, new[] { redisProblem, websocketProblem, marketDataProblem }.OfType<string>().Distinct().ToList());
    }

    private async Task ExplainAsync(CancellationToken cancellationToken)
    {
        var (diagnosis, problem) = await TryGetAsync("/api/debug/diagnosis", cancellationToken).ConfigureAwait(false);
        if (diagnosis is null)
        {
            output.WriteLine($"   ↳ no diagnosis: {problem}");
            return;
        }

        foreach (var finding in diagnosis["findings"]?.AsArray() ?? [])
        {
            if (finding?["severity"]?.GetValue<string>() == "critical")
            {
                output.WriteLine($"   ↳ {finding["root_cause"]?.GetValue<string>()}");
                output.WriteLine($"     → {finding["action"]?.GetValue<string>()}");
            }
        }
    }

    private async Task<(JsonNode? Body, string? Problem)> TryGetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetJsonAsync(path, cancellationToken).ConfigureAwait(false), null);
        }
        catch (OperatorClientException ex)
        {
            return (null, ex.Message);
        }
    }
}
