using Microsoft.Extensions.Hosting;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// Every tenth of <see cref="ShownPriceOptions.ShownWindow"/> (between a second and a minute): forgets the users shown
/// nothing within the window and drops older entries, so what the log holds is what the window allows.
/// </summary>
public sealed class ShownPriceSweeper(ShownPriceLog log, TimeProvider time) : BackgroundService
{
    /// <summary>How often the log is swept for a window of <paramref name="window"/>.</summary>
    public static TimeSpan IntervalFor(TimeSpan window) =>
        TimeSpan.FromTicks(Math.Clamp(window.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(IntervalFor(log.Options.ShownWindow), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                log.Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
