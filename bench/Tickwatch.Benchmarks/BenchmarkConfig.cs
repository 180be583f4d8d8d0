using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Validators;

namespace Tickwatch.Benchmarks;

/// <summary>Every run reports allocations and update throughput, and refuses a non-optimised build.</summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new UpdatesPerSecondColumn());
        AddValidator(JitOptimizationsValidator.FailOnError);

        // The generated project builds the gateway and the trading engine too: on two busy cores that outlasts the default two minutes.
        WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}
