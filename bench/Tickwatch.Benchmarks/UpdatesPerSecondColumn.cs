using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Tickwatch.Benchmarks;

/// <summary>Price updates per second on one core: the benchmark's <c>PricesPerFrame</c> divided by its mean time per frame.</summary>
public sealed class UpdatesPerSecondColumn : IColumn
{
    public const string PricesPerFrameParameter = "PricesPerFrame";

    public string Id => nameof(UpdatesPerSecondColumn);

    public string ColumnName => "Updates/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Price updates per second: {PricesPerFrameParameter} / Mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var prices = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == PricesPerFrameParameter)?.Value;
        return meanNanoseconds is > 0 && prices is int count
            ? (count * 1e9 / meanNanoseconds.Value).ToString("N0", CultureInfo.InvariantCulture)
            : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
