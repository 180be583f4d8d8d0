using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Market.Feeds;
using Tickwatch.Trading.Engine;

namespace Tickwatch.Market.Dashboard;

/// <summary>Samples every feed's message total and the trading engine's refusals and fills each <c>Dashboard:SampleInterval</c> into the <see cref="FeedRateHistory"/>, so a freshly opened dashboard shows its charts at once.</summary>
/// <remarks>
/// A plain hosted service rather than a supervised one: it only reads in-memory counters, a failed sample is logged and
/// skipped, and it is no part of the price pipeline, so it stays out of <c>/api/debug/services</c> and the start-up count.
/// </remarks>
public sealed class FeedRateSampler(
    FeedListenerSet feeds,
    TradingEngine trading,
    FeedRateHistory history,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<FeedRateSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Sample();
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Sample();
        }
    }

    private void Sample()
    {
        try
        {
            history.Record(time.GetUtcNow(), [.. feeds.Snapshot().Select(FeedReading.From)], TradingReading.From(trading.Statistics));
        }
        // A failed sample is a gap in a chart, never a reason to stop the host.
        catch (Exception ex)
        {
            DashboardLog.SampleFailed(logger, ex);
        }
    }
}
