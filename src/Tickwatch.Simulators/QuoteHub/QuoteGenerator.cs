using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Wakes every tick interval on the injected clock and has the engine send the ticks that fell due.</summary>
internal sealed class QuoteGenerator : BackgroundService
{
    private readonly QuoteHubEngine _engine;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<QuoteGenerator> _logger;
    private readonly bool _enabled;

    public QuoteGenerator(QuoteHubEngine engine, TimeProvider timeProvider, IOptions<QuoteHubOptions> options, ILogger<QuoteGenerator> logger)
    {
        _engine = engine;
        _timeProvider = timeProvider;
        _logger = logger;
        _enabled = options.Value.GenerateTicks;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            _engine.ReportGeneratorState("disabled");
            return;
        }

        // Created before the first await, so the timer exists once the host has started (tests advance fake time right after).
        using var timer = new PeriodicTimer(_engine.TickInterval, _timeProvider);
        _engine.ReportGeneratorState("running");
        _logger.GeneratorStarted(_engine.Symbols.Count, _engine.FeedNames.Count, _engine.TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await _engine.PublishDueTicksAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad round must not end the feed; it is counted and shown in the status.
                    _engine.ReportGeneratorError(ex);
                    _logger.GeneratorRoundFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
        finally
        {
            _engine.ReportGeneratorState("stopped");
        }
    }
}
