using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Tickwatch.BenchSupport;

namespace Tickwatch.TradingHarness;

/// <summary>
/// Issue 21's query time: the forensics of orders the order phase placed, asked for one at a time over HTTP as an
/// operator would (<c>GET /api/debug/forensics/orders/{id}</c>, no account: the journal finds it), while the feed runs
/// and the timeline fills. The orders are spread evenly over the phase, so old and fresh ones are both asked. The first
/// query pays for compiling the route and the analysis, so it is reported apart from the rest.
/// </summary>
internal static class ForensicsProbe
{
    public static async Task<ForensicsFigures> RunAsync(HttpClient http, IReadOnlyList<string> placed, int count)
    {
        var latency = new LatencyHistogram();
        var verdicts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var failures = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long bytes = 0;
        double? firstMs = null;
        var step = Math.Max(1, placed.Count / Math.Max(1, count));
        for (var i = 0; i < placed.Count && latency.Count < count; i += step)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(new Uri($"/api/debug/forensics/orders/{placed[i]}", UriKind.Relative)).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (firstMs is null)
            {
                firstMs = elapsed.TotalMilliseconds;
            }
            else
            {
                latency.Record(elapsed);
            }

            bytes += body.Length;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Add(failures, $"HTTP {(int)response.StatusCode}");
                continue;
            }

            using var json = JsonDocument.Parse(body);
            foreach (var decision in json.RootElement.GetProperty("decisions").EnumerateArray())
            {
                Add(verdicts, decision.GetProperty("verdict").GetString() ?? "null");
            }
        }

        return new ForensicsFigures(firstMs, LatencyFigures.Of(latency), bytes / Math.Max(1, latency.Count + 1), verdicts, failures);
    }

    private static void Add(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
