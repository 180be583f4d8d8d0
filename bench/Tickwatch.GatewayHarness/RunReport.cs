using System.Globalization;
using Tickwatch.BenchSupport;

namespace Tickwatch.GatewayHarness;

/// <summary>The figures of one run and how they are printed: the readable lines, then one Markdown table row for docs/BENCHMARKS.md.</summary>
internal sealed class RunReport(HarnessSettings settings, IReadOnlyList<string> effective, DeliveryFigures figures)
{
    public required FeedStopReply Source { get; init; }

    public required StreamStats Before { get; init; }

    public required StreamStats After { get; init; }

    public required StreamStats Final { get; init; }

    /// <summary>Length of the measured window by the harness's clock, in seconds.</summary>
    public required double Window { get; init; }

    public required double? GatewayCpu { get; init; }

    public required double HarnessCpu { get; init; }

    public required double? OtherCpu { get; init; }

    /// <summary>Cores' worth of CPU the hypervisor gave to other machines during the window (part of <see cref="OtherCpu"/>).</summary>
    public required double? Steal { get; init; }

    public required GcTotals GatewayGc { get; init; }

    public required GcTotals HarnessGc { get; init; }

    /// <summary>The store writer's tick-to-store latency over its own window, as JSON (the source's half of <c>age_ms</c>).</summary>
    public required string TickToStore { get; init; }

    public required StalenessFigures Staleness { get; init; }

    public required long? RssIdle { get; init; }

    public required double RssMean { get; init; }

    public required long RssWindowMax { get; init; }

    public required long RssPeak { get; init; }

    public required string LoadAtStart { get; init; }

    public required string LoadBefore { get; init; }

    public required string LoadAfter { get; init; }

    public required int Ended { get; init; }

    public required string? FirstEndedBecause { get; init; }

    public required int CheckedPairs { get; init; }

    /// <summary>Client-symbol pairs whose last price is not the source's last.</summary>
    public required int Mismatches { get; init; }

    /// <summary>Client-symbol pairs whose scanned sequence differs from the fully parsed one (the scanner misread).</summary>
    public required int Misread { get; init; }

    public required TimeSpan Settled { get; init; }

    private BenchCounters Counters => figures.Counters;

    public bool Passed => Mismatches == 0 && Misread == 0 && Counters.NotNewer == 0 && Counters.Repeated == 0 && Counters.Malformed == 0;

    public void Print()
    {
        var c = Counters;
        var between = (After.Timestamp - Before.Timestamp).TotalSeconds;
        var sent = (After.PricesSent - Before.PricesSent) / between;
        var conflated = (After.PricesConflated - Before.PricesConflated) / between;
        var received = (After.UpdatesReceived - Before.UpdatesReceived) / between;
        var messagesRead = c.Messages / Window;
        var pricesRead = c.Prices / Window;
        var perMessage = (double)c.Prices / Math.Max(1, c.Messages);

        // The gateway's messages: its own count where it reports one, else what the clients read (the same, but for what is in flight).
        var messagesSent = After.MessagesSent - Before.MessagesSent is { } m ? m / between : messagesRead;
        var messagesSource = After.MessagesSent is null ? "read by the clients" : "it sent";
        var pacerCpu = Source.PacerCpuSeconds / Source.ElapsedSeconds;
        var conflatedShare = 100.0 * conflated / Math.Max(1e-9, conflated + sent);
        var latency = figures.TickToClient;
        var coverage = figures.Coverage;

        Console.WriteLine();
        Console.WriteLine($"Source (in the gateway process): offered {Source.Offered:N0} in {Source.ElapsedSeconds:0.0} s = {Source.Offered / Source.ElapsedSeconds:N0}/s; pacer thread {pacerCpu:0.00} cores");
        Console.WriteLine($"Gateway received {received:N0} updates/s from the store writer ({After.UpdatesNotNewer - Before.UpdatesNotNewer:N0} not newer)");
        Console.WriteLine($"Delivered to the clients: {messagesRead:N0} messages/s carrying {pricesRead:N0} prices/s, {perMessage:0.00} prices per message; the gateway's counters over {between:0.0} s: {sent:N0} prices/s sent, {conflated:N0}/s conflated ({conflatedShare:0.0} % of client-updates skipped for a newer one)");
        Console.WriteLine($"Tick-to-client latency over {latency.Count:N0} prices delivered to {Timed()}: {Percentiles(latency)}");
        Console.WriteLine($"  of which source to gateway write (age_ms): p50 {figures.AgeAtSend.Percentile(50):0.00} ms, p99 {figures.AgeAtSend.Percentile(99):0.00} ms, max {figures.AgeAtSend.MaxMilliseconds:0.00} ms; the rest is socket and client");
        Console.WriteLine($"  store writer in the gateway process, quote to written and announced: {TickToStore}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  oldest symbol's newest announced price, sampled each ms in the gateway ({Staleness.Samples:N0} samples): p50 {Staleness.P50Ms:0.00} ms, p99 {Staleness.P99Ms:0.00} ms, p99.9 {Staleness.P999Ms:0.00} ms, max {Staleness.MaxMs:0.00} ms; thread-pool backlog p99 {Staleness.BacklogP99:0}, max {Staleness.BacklogMax}"));
        Console.WriteLine($"Coverage delay over {coverage.Count:N0} deliveries: {Percentiles(coverage)}; mean interval between deliveries of one symbol to one client {c.MeanIntervalMs:0.00} ms");
        Console.WriteLine("  Tick-to-client counts only the prices a client was sent. Coverage delay is each delivery's receipt minus the received_at of");
        Console.WriteLine("  the previous price the client got for that symbol: every tick it was not sent (conflated) arrived after that one and was");
        Console.WriteLine("  covered by this delivery or an earlier one, so it waited at most this long; it includes the send interval and conflation.");
        Console.WriteLine($"Worst client lag at window end {After.WorstLagMs:0.0} ms; clients dropped slow {Final.ClientsDroppedSlow}; streams ended early {Ended}{(FirstEndedBecause is null ? "" : " (" + FirstEndedBecause + ")")}");
        Console.WriteLine($"Protocol: not-newer prices {c.NotNewer}, symbols repeated within a message {c.Repeated}, unreadable elements {c.Malformed}, stale announcements {c.Stale}, other messages {c.Other}{(c.FirstUnexpected is { } u ? " (first: " + u + ")" : "")}");
        Console.WriteLine($"Gateway RSS: idle {BenchmarkRun.Mb(RssIdle)}, window mean {BenchmarkRun.Mb((long)RssMean)}, window max {BenchmarkRun.Mb(RssWindowMax)}, peak of run {BenchmarkRun.Mb(RssPeak)}");
        Console.WriteLine($"CPU (cores, of {Environment.ProcessorCount}): gateway process {GatewayCpu:0.00} (of which pacer thread {pacerCpu:0.00}), harness clients {HarnessCpu:0.00}, everything else on the machine {OtherCpu:0.00} (of which stolen by the hypervisor {Steal:0.00})");
        Console.WriteLine($"GC in the window: gateway {GatewayGc.Describe(Window)}; harness {HarnessGc.Describe(Window)}");
        Console.WriteLine($"CPU per message: gateway process {GatewayCpu * 1e6 / messagesSent:0.00} µs per message ({messagesSent:N0}/s {messagesSource}) = {GatewayCpu * 1e6 / sent:0.00} µs per price sent; harness {HarnessCpu * 1e6 / messagesRead:0.00} µs per message read = {HarnessCpu * 1e6 / pricesRead:0.00} µs per price");
        Console.WriteLine($"Load average: start {LoadAtStart}, window start {LoadBefore}, window end {LoadAfter}");
        Console.WriteLine($"Final check: {(Mismatches == 0 ? "every" : $"{Mismatches} of {CheckedPairs}")} client-symbol last price{(Mismatches == 0 ? " equals" : "s differ from")} the source's last, after {Settled.TotalSeconds:0.0} s ({CheckedPairs} pairs of the clients still connected); scanner misreads {Misread}");
        Console.WriteLine();
        Console.WriteLine("| run | messages/s | prices/s | prices/message | tick-to-client p50 / p99 / p99.9 / max (ms) | age_ms p50 / p99 | coverage delay p50 / p99 / p99.9 / max (ms) | mean interval (ms) | conflated | dropped | gateway RSS mean / peak | CPU gateway / harness / other (steal) | gateway GC paused | µs per message gateway / client | load avg (window start) | final check |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {settings.Clients} x {settings.SymbolsPerClient}, {Source.Offered / Source.ElapsedSeconds:N0}/s, {Interval()}, {(settings.ClientMode == ClientMode.Poll ? "poll" : "async")} clients{(settings.TimedClientsEvery > 1 ? $", 1 in {settings.TimedClientsEvery} timed" : "")} | {messagesRead:N0} | {pricesRead:N0} | {perMessage:0.0} | {Short(latency)} | {figures.AgeAtSend.Percentile(50):0.0} / {figures.AgeAtSend.Percentile(99):0.0} | {Short(coverage)} | {c.MeanIntervalMs:0.0} | {conflatedShare:0.0} % | {Final.ClientsDroppedSlow + Ended} | {BenchmarkRun.Mb((long)RssMean)} / {BenchmarkRun.Mb(RssPeak)} | {GatewayCpu:0.00} / {HarnessCpu:0.00} / {OtherCpu:0.00} ({Steal:0.00}) | {GatewayGc.PauseMs / (Window * 10):0.0} % | {GatewayCpu * 1e6 / messagesSent:0.0} / {HarnessCpu * 1e6 / messagesRead:0.0} | {LoadBefore} | {(Passed ? "ok" : "FAILED")} |"));
    }

    private static string Percentiles(LatencyHistogram histogram) => string.Create(
        CultureInfo.InvariantCulture,
        $"p50 {histogram.Percentile(50):0.00} ms, p90 {histogram.Percentile(90):0.00} ms, p99 {histogram.Percentile(99):0.00} ms, p99.9 {histogram.Percentile(99.9):0.00} ms, max {histogram.MaxMilliseconds:0.00} ms");

    private static string Short(LatencyHistogram histogram) => string.Create(
        CultureInfo.InvariantCulture,
        $"{histogram.Percentile(50):0.0} / {histogram.Percentile(99):0.0} / {histogram.Percentile(99.9):0.0} / {histogram.MaxMilliseconds:0.0}");

    private string Timed() => settings.TimedClientsEvery == 1
        ? "every client"
        : string.Create(CultureInfo.InvariantCulture, $"the {(settings.Clients + settings.TimedClientsEvery - 1) / settings.TimedClientsEvery} timed clients (every {settings.TimedClientsEvery}th)");

    // The setting that shapes these figures most, as the gateway runs with it.
    private string Interval() =>
        effective.FirstOrDefault(e => e.Contains(":SendInterval=", StringComparison.Ordinal)) is { } interval
            && TimeSpan.TryParse(interval[(interval.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture, out var value)
            ? string.Create(CultureInfo.InvariantCulture, $"SendInterval {value.TotalMilliseconds:0.#} ms")
            : settings.GatewayArguments;
}
