using Tickwatch.Storage.Writing;

namespace Tickwatch.StoreHarness;

/// <summary>What one phase measured: the feed, the writer, the CPU of the harness and of each node, the final state.</summary>
internal sealed record PhaseReport(
    int TargetRate,
    long Offered,
    TimeSpan Fed,
    TimeSpan Drained,
    PriceStoreWriterStatistics Statistics,
    PriceStoreWriterStatistics AtFeedEnd,
    TimeSpan HarnessCpu,
    IReadOnlyDictionary<int, TimeSpan> NodeCpu,
    IReadOnlyDictionary<int, string> Roles,
    string LoadBefore,
    string LoadAfter,
    int Symbols,
    int Mismatches)
{
    public double OfferedPerSecond => Offered / Fed.TotalSeconds;

    public double WritesPerSecond => Statistics.Written / Drained.TotalSeconds;

    public double HarnessPercent => HarnessCpu.TotalSeconds / Drained.TotalSeconds * 100;

    public double RedisPercent => NodeCpu.Values.Sum(t => t.TotalSeconds) / Drained.TotalSeconds * 100;

    public void Print(TextWriter output)
    {
        var written = Math.Max(1, Statistics.Written);
        var latency = Statistics.TickToStoreLatency;
        output.WriteLine();
        output.WriteLine($"== target {TargetRate:N0} updates/s over {Symbols} symbols; load average {LoadBefore} before, {LoadAfter} after");
        output.WriteLine($"offered      {Offered:N0} in {Fed.TotalSeconds:0.00} s = {OfferedPerSecond:N0} updates/s");
        output.WriteLine($"written      {Statistics.Written:N0} = {WritesPerSecond:N0} writes/s over {Drained.TotalSeconds:0.00} s incl. drain; {Statistics.Batches:N0} batches of {(double)Statistics.Writes / Math.Max(1, Statistics.Batches):0.0} prices");
        output.WriteLine($"coalescing   {(double)Offered / written:0.00} offered per write; coalesced {Statistics.QuotesCoalesced:N0}; refused {Statistics.RefusedOlder}, failed {Statistics.Failed}, retries {Statistics.Retries}; publishes {Statistics.Publishes:N0}, failed {Statistics.PublishFailed}");
        output.WriteLine($"at feed end  pending symbols {AtFeedEnd.PendingSymbols}, queued {AtFeedEnd.QueueDepth}, in flight {AtFeedEnd.InFlight}; drained {(Drained - Fed).TotalMilliseconds:0} ms later");
        output.WriteLine($"tick-to-store p50 {latency.P50Ms:0.000} ms, p90 {latency.P90Ms:0.000} ms, p99 {latency.P99Ms:0.000} ms, p99.9 {latency.P999Ms:0.000} ms, max {latency.MaxMs:0.000} ms ({latency.Count:N0} writes)");
        output.WriteLine($"round trip   per batch p50 {Statistics.StoreRoundTrip.P50Ms:0.000} ms, p99 {Statistics.StoreRoundTrip.P99Ms:0.000} ms");
        output.WriteLine($"CPU          harness {HarnessPercent:0}% of a core ({HarnessCpu.TotalMicroseconds / written:0.0} µs per write), redis-servers {RedisPercent:0}% ({NodeCpu.Values.Sum(t => t.TotalMicroseconds) / written:0.0} µs per write) of {Environment.ProcessorCount * 100}%");
        output.WriteLine($"  per node   {string.Join(", ", NodeCpu.OrderBy(e => e.Key).Select(e => $"{e.Key} {Roles.GetValueOrDefault(e.Key, "?")} {e.Value.TotalSeconds / Drained.TotalSeconds * 100:0}%"))}");
        output.WriteLine($"final state  {Symbols - Mismatches}/{Symbols} symbols hold their last update{(Mismatches == 0 ? " (ok)" : " (MISMATCH)")}");
    }

    /// <summary>One row of the table in docs/BENCHMARKS.md.</summary>
    public string TableRow(string run) =>
        $"| {run}, {TargetRate / 1000:N0} k/s | {OfferedPerSecond:N0}/s | {WritesPerSecond:N0} | {Statistics.TickToStoreLatency.P50Ms:0.##} / {Statistics.TickToStoreLatency.P99Ms:0.##} / {Statistics.TickToStoreLatency.MaxMs:0.#} ms | {HarnessPercent:0} % / {RedisPercent:0} % ({HarnessCpu.TotalMicroseconds / Math.Max(1, Statistics.Written):0.0} / {NodeCpu.Values.Sum(t => t.TotalMicroseconds) / Math.Max(1, Statistics.Written):0.0} µs per write) | {LoadBefore} | {Symbols - Mismatches} / {Symbols} |";
}
