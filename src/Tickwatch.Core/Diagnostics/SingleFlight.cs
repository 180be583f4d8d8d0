namespace Tickwatch.Core.Diagnostics;

/// <summary>
/// Runs one expensive report at a time for any number of callers: a caller that arrives while it runs waits for the
/// same result instead of starting it again (two dashboards polling must not probe every Redis node twice).
/// </summary>
/// <remarks>
/// Nothing is cached: a caller after the run has ended starts a new one. The work runs without the callers'
/// cancellation, so it must bound itself; a caller that gives up stops waiting, and the others still get the result.
/// </remarks>
public sealed class SingleFlight<T>
{
    private readonly Func<Task<T>> _work;
    private readonly Lock _gate = new();
    private Task<T>? _running;

    public SingleFlight(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _work = work;
    }

    /// <summary>The running work's result, starting it if none runs.</summary>
    public Task<T> RunAsync(CancellationToken cancellationToken)
    {
        Task<T> running;
        lock (_gate)
        {
            // Started on the thread pool: the lock is never held while the work runs its synchronous part.
            running = _running is { IsCompleted: false } current ? current : _running = Task.Run(_work, CancellationToken.None);
        }

        return running.WaitAsync(cancellationToken);
    }
}
