using System.Globalization;

namespace Tickwatch.TradingHarness;

/// <summary>What <see cref="LedgerSampler"/> saw of the ledger writer during the order phase, and how long it took to drain after.</summary>
/// <param name="Samples">Reads of <c>/api/debug/ledger</c> in the window.</param>
/// <param name="LagP50Ms">Writer lag (<c>lag_ms</c>), median of the samples.</param>
/// <param name="LagP99Ms">Writer lag, 99th percentile.</param>
/// <param name="LagMaxMs">Writer lag, largest.</param>
/// <param name="DepthP99">Outbox depth (<c>outbox_depth</c>), 99th percentile.</param>
/// <param name="DepthMax">Outbox depth, largest.</param>
/// <param name="PendingMax">Accounts with entries waiting, largest.</param>
/// <param name="Written">Events written in the window.</param>
/// <param name="Failures">Writer passes that failed in the window.</param>
/// <param name="States">The writer states seen.</param>
/// <param name="DrainSeconds">From the window's end until the outbox was empty; null when it did not empty in time.</param>
/// <param name="Worst">The samples with the largest lag: seconds into the window, lag, depth, time since the writer's last pass ended.</param>
internal sealed record LedgerFigures(
    int Samples,
    double LagP50Ms,
    double LagP99Ms,
    double LagMaxMs,
    long DepthP99,
    long DepthMax,
    int PendingMax,
    long Written,
    long Failures,
    IReadOnlyList<string> States,
    double? DrainSeconds,
    IReadOnlyList<(double At, double LagMs, long Depth, double SincePassMs)> Worst)
{
    public void Print(string ledger, double windowSeconds)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Ledger writer ({ledger}) over the order phase, {Samples} samples: lag p50 {LagP50Ms:0} ms, p99 {LagP99Ms:0} ms, max {LagMaxMs:0} ms " +
            $"(target p99 ≤ 1,000 ms: {(Samples > 0 && LagP99Ms <= 1_000 ? "met" : "missed")}); outbox depth p99 {DepthP99:N0}, max {DepthMax:N0}; pending accounts max {PendingMax:N0}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Ledger writer wrote {Written:N0} events in the window ({Written / Math.Max(windowSeconds, 0.001):N0}/s), {Failures} failed passes, states {string.Join(", ", States)}; " +
            $"{(DrainSeconds is { } drain ? $"drained {drain:0.0} s after the window" : "not drained within the wait")}"));
        Console.WriteLine("  largest lags (s into the window: lag, depth, since the last pass ended): " + string.Join("; ", Worst.Select(w => string.Create(
            CultureInfo.InvariantCulture, $"{w.At:0.0} s: {w.LagMs:0} ms, {w.Depth:N0}, {w.SincePassMs:0} ms"))));
    }
}
