using System.Collections.Concurrent;
using System.Diagnostics;
using static System.FormattableString;

namespace Tickwatch.BenchSupport;

/// <summary>Every check a soak run makes, counted by invariant, and every violation, printed as it happens.</summary>
public sealed class InvariantLog(long startedAt)
{
    // The first few of a kind in full; after that only counted, so a systematic break cannot flood the report.
    private const int KeptPerInvariant = 50;
    private readonly ConcurrentDictionary<string, long> _checks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _violationCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Violation> _violations = new();
    private volatile bool _frozen;

    public double Now => Stopwatch.GetElapsedTime(startedAt).TotalSeconds;

    public IReadOnlyDictionary<string, long> Checks => _checks;

    public IReadOnlyDictionary<string, long> ViolationCounts => _violationCounts;

    public IReadOnlyList<Violation> Violations => [.. _violations];

    public long TotalViolations => _violationCounts.Values.Sum();

    public void Checked(string invariant, long count = 1) => _checks.AddOrUpdate(invariant, count, (_, c) => c + count);

    /// <summary>After an interruption the system is being torn down: what breaks then is no finding.</summary>
    public void Freeze() => _frozen = true;

    public void Violated(string invariant, string where, string what)
    {
        if (_frozen)
        {
            return;
        }

        var count = _violationCounts.AddOrUpdate(invariant, 1, (_, c) => c + 1);
        if (count > KeptPerInvariant)
        {
            return;
        }

        var violation = new Violation(Math.Round(Now, 3), invariant, where, what);
        _violations.Enqueue(violation);
        Console.WriteLine(Invariant($"VIOLATION at {violation.AtSeconds:0.0} s [{invariant}] {where}: {what}"));
    }
}
