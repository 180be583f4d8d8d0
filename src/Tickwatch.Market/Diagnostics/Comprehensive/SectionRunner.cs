using System.Globalization;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Builds one section of the comprehensive report under its own time limit, so that a slow or failing part never holds up the others.</summary>
public sealed class SectionRunner(TimeProvider time, ILogger<SectionRunner> logger)
{
    /// <summary>Runs <paramref name="build"/> off the caller's thread and waits at most <paramref name="limit"/>; never throws except for <paramref name="cancellationToken"/>.</summary>
    /// <remarks>A build that overruns is told to stop through its token and left to finish on its own; its late result or error is dropped.</remarks>
    public async Task<Section<T>> RunAsync<T>(string name, Func<CancellationToken, Task<T>> build, TimeSpan limit, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(build);
        var started = time.GetTimestamp();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var task = Task.Run(() => build(abandon.Token), CancellationToken.None);
        try
        {
            var value = await task.WaitAsync(limit, time, cancellationToken).ConfigureAwait(false);
            return new Section<T> { Status = SectionStatus.Ok, ElapsedMs = Elapsed(started), Value = value };
        }
        catch (TimeoutException)
        {
            await abandon.CancelAsync().ConfigureAwait(false);
            AbandonedTask.Observe(task);
            var elapsed = Elapsed(started);
            DiagnosticsLog.SectionTimedOut(logger, name, limit.TotalMilliseconds);
            return new Section<T>
            {
                Status = SectionStatus.TimedOut,
                ElapsedMs = elapsed,
                Error = string.Create(CultureInfo.InvariantCulture, $"no answer within {limit.TotalMilliseconds:0.###} ms (Diagnostics:SectionTimeout); the other sections are unaffected"),
            };
        }
        // A section that fails is reported as failed; the report goes on.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            DiagnosticsLog.SectionFailed(logger, name, ex);
            return new Section<T>
            {
                Status = SectionStatus.Failed,
                ElapsedMs = Elapsed(started),
                Error = $"{ex.GetType().Name}: {ex.Message}",
            };
        }
    }

    private double Elapsed(long started) => Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3);
}
