using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Hosting;

namespace Tickwatch.Market.Startup;

/// <summary>
/// The first thing the market service does: logs "🚀 Starting…", checks every prerequisite and logs each,
/// then either lets start-up go on, stops it (<see cref="StartupValidationException"/>), or starts degraded
/// with a background recheck.
/// </summary>
/// <remarks>Registered before the <see cref="ServiceSupervisor"/>, so no background service starts before this has passed.</remarks>
public sealed class StartupValidationService(
    IEnumerable<IPrerequisiteCheck> checks,
    PrerequisiteStatus status,
    ServiceSupervisor supervisor,
    IOptions<MarketServiceOptions> market,
    IOptions<StartupOptions> options,
    TimeProvider time,
    ILogger<StartupValidationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartupLog.Starting(logger);
        StartupLog.Validating(logger);
        var all = checks.ToList();
        var failedCritical = new List<IPrerequisiteCheck>();
        var passed = 0;
        foreach (var check in all)
        {
            var result = await PrerequisiteRunner.RunAsync(check, options.Value.CheckTimeout, time, cancellationToken).ConfigureAwait(false);
            status.Record(check, result, time.GetUtcNow());
            if (result.Passed)
            {
                passed++;
                StartupLog.Passed(logger, check.Name, result.Outcome, result.Detail);
            }
            else
            {
                StartupLog.Failed(logger, check.IsCritical ? LogLevel.Error : LogLevel.Warning, check.Name, result.Outcome, result.Detail);
                if (check.IsCritical)
                {
                    failedCritical.Add(check);
                }
            }
        }

        var percent = all.Count == 0 ? 100 : Math.Round(passed * 100d / all.Count, 1);
        status.Validated(time.GetUtcNow(), percent);
        StartupLog.Summary(logger, percent);
        if (failedCritical.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", failedCritical.Select(c => c.Name));
        if (!market.Value.StartDegraded)
        {
            var failures = status.Snapshot().Prerequisites.Where(p => p.Critical && !p.Passed).ToList();
            if (logger.IsEnabled(LogLevel.Critical))
            {
                var reason = $"{names} failed; not starting (set Market:StartDegraded=true to start degraded and keep retrying)";
                StartupLog.CriticalStartError(logger, reason);
            }

            throw new StartupValidationException(failures);
        }

        status.EnterDegraded(time.GetUtcNow());
        StartupLog.StartingDegraded(logger, names, options.Value.RecheckInterval.TotalSeconds);
        supervisor.Add(new PrerequisiteRecheck(failedCritical, status, options.Value, time, logger));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
