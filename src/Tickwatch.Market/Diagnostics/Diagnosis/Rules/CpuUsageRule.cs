using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Key Metrics: CPU usage &lt; 70 %; Degradation Indicators: CPU usage &gt; 80 %.</summary>
public sealed class CpuUsageRule : IDiagnosisRule
{
    public string Id => "cpu_usage";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.System?.Cpu is not { } cpu)
        {
            return RuleOutcome.NotApplicable;
        }

        var evidence = new Dictionary<string, object?>
        {
            ["process_percent"] = cpu.ProcessPercent,
            ["window_seconds"] = cpu.WindowSeconds,
            ["processor_count"] = snapshot.System.ProcessorCount,
        };
        if (cpu.ProcessPercent < GuideThresholds.CpuPercentHealthy)
        {
            return RuleOutcome.Ok(Id, "CPU usage", evidence);
        }

        var mark = cpu.ProcessPercent > GuideThresholds.CpuPercentDegraded ? GuideThresholds.CpuPercentDegraded : GuideThresholds.CpuPercentHealthy;
        var rate = snapshot.Performance?.Feeds.MessagesPerSecond is { } messages ? Invariant($" while feeds deliver {messages:0} messages/s") : "";
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "High CPU usage",
            Invariant($"CPU {cpu.ProcessPercent}% over the last {cpu.WindowSeconds:0.#} s (above {mark}%)"),
            Invariant($"This process uses {cpu.ProcessPercent}% of its {snapshot.System.ProcessorCount} processors{rate}: prices may be handled late."),
            evidence,
            "Check the message rate and the runtime (GET /api/debug/comprehensive → .performance_metrics); give the service more CPU or move other work off its machine."));
    }
}
