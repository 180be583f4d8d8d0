using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Market.Diagnostics.Comprehensive;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>Each section runs under its own time limit: a slow one says timed_out, a failing one says failed, neither holds up the answer.</summary>
public sealed class SectionRunnerUnitTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new();
    private readonly SectionRunner _runner;

    public SectionRunnerUnitTests() => _runner = new SectionRunner(_time, NullLogger<SectionRunner>.Instance);

    [Fact]
    public async Task A_section_that_answers_in_time_carries_its_figures()
    {
        var section = await _runner.RunAsync("fast", _ => Task.FromResult("figures"), Limit, CancellationToken.None);

        Assert.Equal(SectionStatus.Ok, section.Status);
        Assert.Equal("figures", section.Value);
        Assert.Null(section.Error);
    }

    [Fact]
    public async Task A_section_that_hangs_is_timed_out_at_its_limit_and_told_to_stop()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _runner.RunAsync<string>(
            "slow",
            async token =>
            {
                token.Register(() => stopped.TrySetResult());
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
                return "never";
            },
            Limit,
            CancellationToken.None);
        await entered.Task;

        _time.Advance(Limit - TimeSpan.FromMilliseconds(1));
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var section = await running;

        Assert.Equal(SectionStatus.TimedOut, section.Status);
        Assert.Null(section.Value);
        Assert.StartsWith("no answer within 2000 ms", section.Error, StringComparison.Ordinal);
        Assert.Equal(2000, section.ElapsedMs);
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_section_that_throws_is_failed_with_the_reason()
    {
        var section = await _runner.RunAsync<string>("broken", _ => throw new InvalidOperationException("book is gone"), Limit, CancellationToken.None);

        Assert.Equal(SectionStatus.Failed, section.Status);
        Assert.Equal("InvalidOperationException: book is gone", section.Error);
    }

    [Fact]
    public async Task Sections_run_side_by_side_so_a_hung_one_does_not_delay_another()
    {
        var hung = _runner.RunAsync<string>("hung", _ => new TaskCompletionSource<string>().Task, Limit, CancellationToken.None);
        var fast = await _runner.RunAsync("fast", _ => Task.FromResult("figures"), Limit, CancellationToken.None);

        Assert.Equal(SectionStatus.Ok, fast.Status);
        Assert.False(hung.IsCompleted);
        _time.Advance(Limit);
        Assert.Equal(SectionStatus.TimedOut, (await hung).Status);
    }
}
