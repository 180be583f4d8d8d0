using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Core.Tests.Diagnostics;

public sealed class SingleFlightUnitTests
{
    private readonly TaskCompletionSource<string> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    [Fact]
    public async Task Callers_that_arrive_while_it_runs_share_one_run()
    {
        var flight = new SingleFlight<string>(Work);

        var first = flight.RunAsync(CancellationToken.None);
        var second = flight.RunAsync(CancellationToken.None);
        _result.SetResult("report");

        Assert.Equal("report", await first);
        Assert.Equal("report", await second);
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task A_caller_after_the_run_ended_starts_a_new_one()
    {
        var flight = new SingleFlight<string>(() => Task.FromResult("run " + Interlocked.Increment(ref _runs)));

        Assert.Equal("run 1", await flight.RunAsync(CancellationToken.None));
        Assert.Equal("run 2", await flight.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_that_gives_up_stops_waiting_but_not_the_run()
    {
        var flight = new SingleFlight<string>(Work);
        using var givingUp = new CancellationTokenSource();

        var impatient = flight.RunAsync(givingUp.Token);
        var patient = flight.RunAsync(CancellationToken.None);
        await givingUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        Assert.False(patient.IsCompleted);
        _result.SetResult("report");
        Assert.Equal("report", await patient);
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task A_failed_run_fails_its_callers_and_the_next_caller_runs_again()
    {
        var flight = new SingleFlight<string>(() => Interlocked.Increment(ref _runs) == 1
            ? Task.FromException<string>(new InvalidOperationException("probe failed"))
            : Task.FromResult("report"));

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => flight.RunAsync(CancellationToken.None));

        Assert.Equal("probe failed", failed.Message);
        Assert.Equal("report", await flight.RunAsync(CancellationToken.None));
        Assert.Equal(2, _runs);
    }

    private Task<string> Work()
    {
        Interlocked.Increment(ref _runs);
        return _result.Task;
    }
}
