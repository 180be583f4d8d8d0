using System.Globalization;

namespace Tickwatch.TradingHarness;

/// <summary>The figures of one measured window and how they are printed: the readable lines, then a Markdown table row.</summary>
internal sealed record PhaseResult
{
    public required StoreKind Store { get; init; }

    public required int Rate { get; init; }

    /// <summary>Order requests/s asked for in this window (0: prices only).</summary>
    public required int OrderRate { get; init; }

    public required double Window { get; init; }

    public required long HubUpdates { get; init; }

    public required CalculatorFigures Before { get; init; }

    public required CalculatorFigures After { get; init; }

    public required WatchFigures Watch { get; init; }

    public required long? Announcements { get; init; }

    public required double? MarketCpu { get; init; }

    public required double HarnessCpu { get; init; }

    public required double? RedisCpu { get; init; }

    public required IReadOnlyDictionary<int, double> RedisCpuByPort { get; init; }

    public required double? MachineCpu { get; init; }

    public required double RssMean { get; init; }

    public required long RssWindowMax { get; init; }

    public required long RssPeak { get; init; }

    public required string LoadBefore { get; init; }

    public required string LoadAfter { get; init; }

    public OrderFigures? Orders { get; init; }

    private double Between => (After.Timestamp - Before.Timestamp).TotalSeconds;

    public double BookRate => (After.QuotesAccepted - Before.QuotesAccepted) / Between;

    public double RecomputeRate => (After.Recomputes - Before.Recomputes) / Between;

    public double WrittenRate => (After.WritesAcknowledged - Before.WritesAcknowledged) / Between;

    public bool LatencyMet => Watch.Unfinished == 0 && Watch.EveryHolder.Count > 0 && Watch.EveryHolder.P99 <= 25;

    public void Print()
    {
        var gc = After.Gc.Since(Before.Gc);
        var other = MachineCpu - MarketCpu - HarnessCpu - (RedisCpu ?? 0);
        Console.WriteLine();
        Console.WriteLine(Invariant($"== {StoreName}, quote hub at {Rate:N0} updates/s{(OrderRate > 0 ? $", orders at {OrderRate:N0}/s" : "")}: {Window:0.0} s window =="));
        Console.WriteLine(Invariant($"Feed: the hub sent {HubUpdates / Window:N0} updates/s; the book accepted {BookRate:N0}/s"));
        Console.WriteLine(Invariant($"Price to every holder's margin level in the store, over {Watch.Samples:N0} sampled updates ({Watch.HoldersPerSymbol} holders each on average): {Watch.EveryHolder}"));
        Console.WriteLine(Invariant($"  each holder's portfolio: {Watch.EachHolder}"));
        Console.WriteLine(Invariant($"  unfinished after the settle time: {Watch.Unfinished} samples ({Watch.HoldersPending} holders pending, oldest {Watch.OldestUnfinishedMs:0} ms)"));
        Console.WriteLine(Invariant($"Portfolio calculator: {RecomputeRate:N0} recomputes/s, {WrittenRate:N0} portfolios written/s (acknowledged by the store){(Announcements is { } heard ? $", {heard / Window:N0}/s heard on portfolio_updates by a reader in the harness" : "")}"));
        Console.WriteLine(Invariant($"  last pass {After.LastPassAccounts:N0} accounts at {After.ComputeMicrosPerAccount:0.0} µs each (valuation only); {After.AccountsTracked:N0} accounts tracked, {After.Degraded} degraded; write failures {After.WriteFailures - Before.WriteFailures}; quotes conflated {(After.QuoteConflations - Before.QuoteConflations) / Between:N0}/s, account recomputes saved {(After.AccountConflations - Before.AccountConflations) / Between:N0}/s"));
        Console.WriteLine(Invariant($"CPU (cores of {Environment.ProcessorCount}): market process {MarketCpu:0.00}, harness (hub{(OrderRate > 0 ? ", order clients" : "")}) {HarnessCpu:0.00}{(RedisCpu is { } redis ? $", redis-servers {redis:0.00} ({string.Join(", ", RedisCpuByPort.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:0.00}"))})" : "")}, everything else {other:0.00}"));
        Console.WriteLine(Invariant($"Market RSS: window mean {Mb((long)RssMean)}, window max {Mb(RssWindowMax)}, peak of run {Mb(RssPeak)}; GC {gc.Describe(Window)}"));
        Console.WriteLine($"Load average: window start {LoadBefore}, window end {LoadAfter}");
        if (Orders is { } orders)
        {
            Console.WriteLine(Invariant($"Orders over HTTP: {orders.RequestsPerSecond:N0} requests/s ({orders.Opens:N0} opens, {orders.Closes:N0} closes in {orders.Seconds:0.0} s); pacer late at most {orders.PacerLateMaxMs:0.0} ms"));
            Console.WriteLine(Invariant($"  open (from due): {orders.Open}"));
            Console.WriteLine(Invariant($"  close (from due): {orders.Close}"));
            Console.WriteLine(Invariant($"  every request (from due): {orders.All}"));
            Console.WriteLine(Invariant($"  every request (from sent): {orders.AllSent}"));
            Console.WriteLine(orders.Refusals.Count == 0
                ? "  refusals: none"
                : "  refusals: " + string.Join(", ", orders.Refusals.Select(r => Invariant($"{r.Key} {r.Value:N0}"))));
        }
    }

    public static string TableHeader =>
        "| store | updates/s (hub → book) | orders/s | price → every holder's margin level p50 / p90 / p99 / max (ms) | samples (unfinished) | recomputes/s | portfolios written/s | order p50 / p99 / max (ms) | refusals | CPU market / harness / redis (cores) | market RSS mean / peak | load (window start) |"
        + Environment.NewLine + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    public string TableRow() => Invariant(
        $"| {StoreName} | {Rate:N0} → {BookRate:N0} | {(Orders is { } o ? $"{o.RequestsPerSecond:N0}" : "–")} | {Watch.EveryHolder.Short()} | {Watch.Samples:N0} ({Watch.Unfinished}) | {RecomputeRate:N0} | {WrittenRate:N0} | {(Orders is { } p ? $"{p.All.P50:0.0} / {p.All.P99:0.0} / {p.All.Max:0.0}" : "–")} | {(Orders is { } r ? r.Refused.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {MarketCpu:0.00} / {HarnessCpu:0.00} / {(RedisCpu is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "–")} | {Mb((long)RssMean)} / {Mb(RssPeak)} | {LoadBefore} |");

    private string StoreName => Store == StoreKind.Redis ? "Redis Cluster" : "in memory";

    public static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0", CultureInfo.InvariantCulture) + " MB" : "?";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
