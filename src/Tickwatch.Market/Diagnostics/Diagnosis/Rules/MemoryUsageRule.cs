using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Key Metrics: memory usage &lt; 80 %; Degradation Indicators: memory usage &gt; 1 GB.</summary>
public sealed class MemoryUsageRule : IDiagnosisRule
{
    public string Id => "memory_usage";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.System?.Memory is not { } memory)
        {
            return RuleOutcome.NotApplicable;
        }

        var evidence = new Dictionary<string, object?>
        {
            ["used_percent"] = memory.UsedPercent,
            ["scope"] = memory.Scope,
            ["process_working_set_mb"] = memory.ProcessWorkingSetMb,
        };
        var full = memory.UsedPercent >= GuideThresholds.MemoryUsedPercentHealthy;
        var large = memory.ProcessWorkingSetMb > GuideThresholds.ProcessMemoryDegradedMb;
        if (!full && !large)
        {
            return RuleOutcome.Ok(Id, "Memory usage", evidence);
        }

        var symptoms = new List<string>();
        if (full)
        {
            symptoms.Add(Invariant($"{memory.Scope} memory {memory.UsedPercent}% used (the guide wants < {GuideThresholds.MemoryUsedPercentHealthy}%)"));
        }

        if (large)
        {
            symptoms.Add(Invariant($"this process uses {memory.ProcessWorkingSetMb:0} MB (above {GuideThresholds.ProcessMemoryDegradedMb:0} MB)"));
        }

        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "High memory usage",
            string.Join("; ", symptoms),
            large
                ? "This process holds much more memory than it needs for prices (about 512 MB at most): a backlog (store writer queue, slow clients) or a leak."
                : "The container or machine is short of memory: other processes use it, or its limit is too low; the service may be killed or start swapping.",
            evidence,
            "Look at system_info.memory and performance_metrics (store_writer.queue_depth, runtime) in GET /api/debug/comprehensive; if the process keeps growing, restart it and report it."));
    }
}
