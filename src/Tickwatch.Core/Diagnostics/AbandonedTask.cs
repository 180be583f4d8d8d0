namespace Tickwatch.Core.Diagnostics;

/// <summary>The one rule for a task whose caller stopped waiting for it (a probe that timed out, a build left behind).</summary>
public static class AbandonedTask
{
    /// <summary>Observes <paramref name="task"/>'s fault, if it ever faults, so it never surfaces as an unobserved task exception.</summary>
    public static void Observe(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _ = task.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
