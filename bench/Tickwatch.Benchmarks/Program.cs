using BenchmarkDotNet.Running;
using Tickwatch.Benchmarks;

// dotnet run -c Release --project bench/Tickwatch.Benchmarks -- --filter '*Codec*' --job short
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, new BenchmarkConfig());
