using Microsoft.Extensions.Time.Testing;
using Tickwatch.Market.Diagnostics.Comprehensive;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>CPU use between readings, as a share of every processor the process has.</summary>
public sealed class ProcessCpuMeterUnitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 14, 0, 0, 0, TimeSpan.Zero));
    private TimeSpan _cpu;

    [Fact]
    public void The_first_reading_is_the_average_since_the_process_started()
    {
        var meter = new ProcessCpuMeter(_time, () => _cpu, _time.GetUtcNow().AddSeconds(-100));
        _cpu = TimeSpan.FromSeconds(10 * Environment.ProcessorCount);

        var usage = meter.Read();

        Assert.Equal(10, usage.ProcessPercent);
        Assert.Equal(100, usage.WindowSeconds);
    }

    [Fact]
    public void Later_readings_measure_since_an_earlier_reading_at_least_a_second_old()
    {
        var meter = new ProcessCpuMeter(_time, () => _cpu, _time.GetUtcNow().AddHours(-1));
        meter.Read();
        _time.Advance(TimeSpan.FromSeconds(10));
        _cpu += TimeSpan.FromSeconds(5 * Environment.ProcessorCount);

        var usage = meter.Read();

        Assert.Equal(50, usage.ProcessPercent);
        Assert.Equal(10, usage.WindowSeconds);
    }
}
