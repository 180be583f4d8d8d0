using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Tickwatch.Gateway.Streaming;

/// <summary>Every <see cref="StreamOptions.WatchInterval"/>: announces symbols that went stale and disconnects clients too far behind.</summary>
public sealed class StreamWatchdog(LivePriceStream hub, IOptions<StreamOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WatchInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                hub.Watch();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
