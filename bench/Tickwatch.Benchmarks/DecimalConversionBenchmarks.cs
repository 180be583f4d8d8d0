using BenchmarkDotNet.Attributes;
using Tickwatch.Core.Prices;

namespace Tickwatch.Benchmarks;

/// <summary>The once-per-price double to decimal conversion of the protobuf feed.</summary>
public class DecimalConversionBenchmarks
{
    [Params(1.0852, 151.42, 67842.15, 0.00001, 0.30000000000000004)]
    public double Value { get; set; }

    [Benchmark]
    public decimal TryFromDouble() => DecimalConversion.TryFromDouble(Value, out var result) ? result : 0m;

    [Benchmark(Baseline = true)]
    public decimal CastToDecimal() => (decimal)Value;
}
