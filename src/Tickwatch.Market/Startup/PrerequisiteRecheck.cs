using Microsoft.Extensions.Logging;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Market.Startup;

/// <summary>While the service runs degraded, repeats the critical checks that failed at start-up until each passes, logging each recovery; then its work is done.</summary>
internal sealed class PrerequisiteRecheck(
    IReadOnlyList<IPrerequisiteCheck> failed,
    PrerequisiteStatus status,
    StartupOptions options,
    TimeProvider time,
    ILogger logger) : ISupervisedService
{
    public string Name => "prerequisite_recheck";

    public string DisplayName => "Prerequisite recheck";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var pending = failed.ToList();
        var since = time.GetTimestamp();
        using var timer = new PeriodicTimer(options.RecheckInterval, time);
        while (pending.Count > 0 && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var check in pending.ToList())
            {
                var result = await PrerequisiteRunner.RunAsync(check, options.CheckTimeout, time, stoppingToken).ConfigureAwait(false);
                status.Record(check, result, time.GetUtcNow());
                if (result.Passed)
                {
                    pending.Remove(check);
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        var degradedSeconds = time.GetElapsedTime(since).TotalSeconds;
                        StartupLog.Recovered(logger, check.Name, degradedSeconds, result.Detail);
                    }
                }
                else
                {
                    StartupLog.StillFailing(logger, check.Name, result.Detail);
                }
            }
        }

        status.LeaveDegraded();
        StartupLog.DegradedEnded(logger);
    }
}
