using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tickwatch.TradingHarness;

/// <summary>
/// Reads the market process's <c>GET /api/debug/ledger</c> every <c>every</c> while the order phase runs: the writer's lag
/// and outbox depth as an operator's dashboard would see them; <see cref="StopAsync"/> gives their distribution and waits
/// for the outbox to empty.
/// </summary>
internal sealed class LedgerSampler
{
    private readonly HttpClient _http;
    private readonly List<(double LagMs, long Depth, int Pending, double At, double SincePassMs)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HashSet<string> _states = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly (long Written, long Failures) _before;

    private LedgerSampler(HttpClient http, TimeSpan every, (long, long) before)
    {
        _http = http;
        _before = before;
        _loop = Task.Run(() => SampleAsync(every));
    }

    public static async Task<LedgerSampler> StartAsync(HttpClient http, TimeSpan every)
    {
        var first = await ReadAsync(http, CancellationToken.None).ConfigureAwait(false);
        return new LedgerSampler(http, every, (Long(first, "written"), Long(first, "failures")));
    }

    /// <summary>Waits until the outbox is empty (the book made before the order phase in the ledger); the seconds it took and the events written meanwhile, or null seconds after <paramref name="limit"/>.</summary>
    public static async Task<(double? Seconds, long Written)> DrainAsync(HttpClient http, TimeSpan limit)
    {
        var before = Long(await ReadAsync(http, CancellationToken.None).ConfigureAwait(false), "written");
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < limit)
        {
            var report = await ReadAsync(http, CancellationToken.None).ConfigureAwait(false);
            if (Long(report, "outbox_depth") == 0 && report.GetProperty("lag_ms").GetDouble() == 0 && report.GetProperty("last_pass_at").ValueKind == JsonValueKind.String)
            {
                return (waiting.Elapsed.TotalSeconds, Long(report, "written") - before);
            }

            await Task.Delay(250).ConfigureAwait(false);
        }

        return (null, Long(await ReadAsync(http, CancellationToken.None).ConfigureAwait(false), "written") - before);
    }

    public async Task<LedgerFigures> StopAsync(TimeSpan drainLimit)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        var end = await ReadAsync(_http, CancellationToken.None).ConfigureAwait(false);
        var waiting = Stopwatch.StartNew();
        double? drained = null;
        while (waiting.Elapsed < drainLimit)
        {
            var now = await ReadAsync(_http, CancellationToken.None).ConfigureAwait(false);
            if (Long(now, "outbox_depth") == 0 && now.GetProperty("lag_ms").GetDouble() == 0)
            {
                drained = waiting.Elapsed.TotalSeconds;
                break;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        var lags = _samples.Select(s => s.LagMs).Order().ToList();
        var depths = _samples.Select(s => s.Depth).Order().ToList();
        _stop.Dispose();
        return new LedgerFigures(
            _samples.Count,
            Percentile(lags, 50),
            Percentile(lags, 99),
            lags.Count == 0 ? 0 : lags[^1],
            (long)Percentile(depths.Select(d => (double)d).ToList(), 99),
            depths.Count == 0 ? 0 : depths[^1],
            _samples.Count == 0 ? 0 : _samples.Max(s => s.Pending),
            Long(end, "written") - _before.Written,
            Long(end, "failures") - _before.Failures,
            [.. _states.Order(StringComparer.Ordinal)],
            drained,
            [.. _samples.OrderByDescending(s => s.LagMs).Take(5).Select(s => (s.At, s.LagMs, s.Depth, s.SincePassMs))]);
    }

    private async Task SampleAsync(TimeSpan every)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var report = await ReadAsync(_http, _stop.Token).ConfigureAwait(false);
                var lastPass = report.GetProperty("last_pass_at").ValueKind == JsonValueKind.String ? report.GetProperty("last_pass_at").GetDateTimeOffset() : (DateTimeOffset?)null;
                var sincePass = lastPass is { } at ? (DateTimeOffset.UtcNow - at).TotalMilliseconds : double.NaN;
                _samples.Add((report.GetProperty("lag_ms").GetDouble(), Long(report, "outbox_depth"), report.GetProperty("pending_accounts").GetInt32(), _clock.Elapsed.TotalSeconds, sincePass));
                _states.Add(report.GetProperty("writer_state").GetString() ?? "?");
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The window ended.
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpClient http, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<JsonElement>(new Uri("/api/debug/ledger", UriKind.Relative), cancellationToken).ConfigureAwait(false);

    private static long Long(JsonElement report, string name) => report.GetProperty(name).GetInt64();

    private static double Percentile(List<double> sorted, double percentile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
