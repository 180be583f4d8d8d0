using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Market.Warmup;

/// <summary>
/// Warms the book up from the store at start and after every feed reconnection, as a supervised background service.
/// Requests that arrive while one is pending are folded into it; a warm-up that could not read the store is retried.
/// </summary>
public sealed class MarketDataWarmupService(MarketDataWarmup warmup, IOptions<WarmupOptions> options, TimeProvider time) : ISupervisedService
{
    private const string RetryPrefix = "retry of ";

    // One pending request is enough: a warm-up loads every symbol, so later requests add nothing to it.
    private readonly Channel<string> _requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public string Name => "market_data_warmup";

    public string DisplayName => "Market data warmup";

    /// <summary>Asks for a warm-up after a feed reconnected; never blocks (the feed's receive loop calls it).</summary>
    public void FeedReconnected(string feed, long session)
    {
        if (options.Value.OnReconnect)
        {
            _requests.Writer.TryWrite($"feed {feed} reconnected, session {session}");
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var trigger = "start";
        while (true)
        {
            var run = await warmup.RunAsync(trigger, stoppingToken).ConfigureAwait(false);
            if (run.Result.Succeeded)
            {
                trigger = await _requests.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            // Retry the failed one, unless a new request comes first (it warms up just the same).
            using var delay = new CancellationTokenSource(options.Value.RetryDelay, time);
            using var retry = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, delay.Token);
            try
            {
                trigger = await _requests.Reader.ReadAsync(retry.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                trigger = trigger.StartsWith(RetryPrefix, StringComparison.Ordinal) ? trigger : RetryPrefix + trigger;
            }
        }
    }
}
