using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Tickwatch.BenchSupport;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// Issue 21's query time on the gateway's side: what a user was shown of a symbol
/// (<c>GET /api/debug/forensics/shown/live:N?symbol=S</c>, the question the market service's order forensics ask),
/// one query at a time while the feed still runs and the record is full, over users and symbols spread across the run.
/// </summary>
internal static class ShownQueryProbe
{
    public const int Queries = 200;

    /// <summary>The figures, or a line saying why there are none (recording off: the route answers 404).</summary>
    public static async Task<string> RunAsync(HttpClient http, IReadOnlyList<IReadOnlyList<string>> symbolsByClient)
    {
        var latency = new LatencyHistogram();
        long entries = 0;
        double? firstMs = null;
        var step = Math.Max(1, symbolsByClient.Count / Queries);
        for (var q = 0; q <= Queries && symbolsByClient.Count > 0; q++)
        {
            var client = (q * step) % symbolsByClient.Count;
            var symbols = symbolsByClient[client];
            var path = string.Create(CultureInfo.InvariantCulture, $"/api/debug/forensics/shown/live:{client + 1}?symbol={symbols[q % symbols.Count]}");
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return "What a user was shown: not asked (the gateway records nothing: Gateway:Forensics:Enabled=false)";
            }

            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(body);
            entries += json.RootElement.GetProperty("entries").GetArrayLength();
            if (firstMs is null)
            {
                firstMs = elapsed.TotalMilliseconds;
            }
            else
            {
                latency.Record(elapsed);
            }
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"What a user was shown of a symbol, one query at a time while prices run: first {firstMs:0.0} ms, then p50 {latency.Percentile(50):0.00} ms, p99 {latency.Percentile(99):0.00} ms, max {latency.MaxMilliseconds:0.00} ms (n = {latency.Count}); {entries / (double)(latency.Count + 1):0} entries per answer");
    }
}
