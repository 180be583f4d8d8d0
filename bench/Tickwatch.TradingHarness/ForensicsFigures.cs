using System.Globalization;

namespace Tickwatch.TradingHarness;

/// <summary>What <see cref="ForensicsProbe"/> found: the first query's time, the others', the answer's mean size, the verdicts and any failure.</summary>
internal sealed record ForensicsFigures(double? FirstMs, LatencyFigures Latency, long MeanBytes, IReadOnlyDictionary<string, long> Verdicts, IReadOnlyDictionary<string, long> Failures)
{
    public void Print()
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Order forensics, one query at a time while prices run: first {FirstMs:0.0} ms, then {Latency} (target < 100 ms: {(Latency.Count > 0 && Latency.Max < 100 ? "met" : "missed")}); mean answer {MeanBytes:N0} bytes"));
        Console.WriteLine($"  verdicts: {(Verdicts.Count == 0 ? "none" : string.Join(", ", Verdicts.Select(v => $"{v.Key} {v.Value}")))}; failures: {(Failures.Count == 0 ? "none" : string.Join(", ", Failures.Select(f => $"{f.Key} {f.Value}")))}");
    }
}
