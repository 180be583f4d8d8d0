namespace Tickwatch.BenchSupport;

/// <summary>A watcher's loop: one poll every interval until the run stops.</summary>
public static class PeriodicPoll
{
    public static async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> poll, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(poll);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await poll(stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }
}
