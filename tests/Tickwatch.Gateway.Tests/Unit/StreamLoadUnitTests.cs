using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>The load adaptive pacing sees, from samples of CPU and thread-pool backlog on a fake clock.</summary>
public sealed class StreamLoadUnitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Cpu_under_the_idle_share_leaves_the_load_at_nothing_and_a_busy_share_raises_it_quickly()
    {
        using var load = new StreamLoad(_time, cores: 2);
        var cpu = TimeSpan.Zero;
        load.Observe(cpu, 0);

        // 0.2 of 2 cores over 100 ms: under the idle share.
        cpu = Sample(load, cpu, used: 0.2 * 2, backlog: 0);
        Assert.Equal(0.0, load.Factor);
        Assert.Equal(0.2, load.CpuShare, 3);

        // Fully busy: the factor moves half way at each sample.
        cpu = Sample(load, cpu, used: 2, backlog: 0);
        Assert.Equal(0.5, load.Factor, 3);
        Sample(load, cpu, used: 2, backlog: 0);
        Assert.Equal(0.75, load.Factor, 3);
    }

    [Fact]
    public void The_load_falls_slower_than_it_rose_and_back_to_nothing()
    {
        using var load = new StreamLoad(_time, cores: 2);
        load.Observe(TimeSpan.Zero, 0);
        for (var i = 0; i < 30; i++)
        {
            _time.Advance(StreamLoad.SampleInterval);
            load.Observe(TimeSpan.Zero, backlog: StreamLoad.BacklogBusyPerCore * 2);
        }

        Assert.InRange(load.Factor, 0.999, 1);
        _time.Advance(StreamLoad.SampleInterval);
        load.Observe(TimeSpan.Zero, backlog: 0);
        Assert.InRange(load.Factor, 0.8, 0.9);
        for (var i = 0; i < 60; i++)
        {
            _time.Advance(StreamLoad.SampleInterval);
            load.Observe(TimeSpan.Zero, backlog: 0);
        }

        Assert.Equal(0.0, load.Factor);
        Assert.Equal(0, load.ThreadPoolBacklog);
    }

    [Fact]
    public void A_few_work_items_waiting_are_no_load_and_more_raise_it_in_proportion()
    {
        using var load = new StreamLoad(_time, cores: 2);
        load.Observe(TimeSpan.Zero, 0);
        _time.Advance(StreamLoad.SampleInterval);
        load.Observe(TimeSpan.Zero, backlog: StreamLoad.BacklogIdlePerCore * 2);
        Assert.Equal(0.0, load.Factor);

        // Half way from the idle backlog to the busy one: a raw 0.5, of which the factor rises half at once.
        _time.Advance(StreamLoad.SampleInterval);
        load.Observe(TimeSpan.Zero, backlog: (StreamLoad.BacklogIdlePerCore + StreamLoad.BacklogBusyPerCore) * 2 / 2);
        Assert.Equal(0.25, load.Factor, 3);
    }

    [Fact]
    public void A_sample_with_more_cpu_than_the_cores_have_says_nothing_of_the_load()
    {
        using var load = new StreamLoad(_time, cores: 2);
        load.Observe(TimeSpan.Zero, 0);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        // A fake clock that barely moved while the process really ran.
        load.Observe(TimeSpan.FromSeconds(1), 0);

        Assert.Equal(0.0, load.Factor);
    }

    private TimeSpan Sample(StreamLoad load, TimeSpan cpu, double used, long backlog)
    {
        var window = TimeSpan.FromMilliseconds(100);
        _time.Advance(window);
        cpu += window * used;
        load.Observe(cpu, backlog);
        return cpu;
    }
}
