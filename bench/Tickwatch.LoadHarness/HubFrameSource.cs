using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Tickwatch.BenchSupport;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.LoadHarness;

/// <summary>The quote hub as a frame source: started here on a free loopback port, or one already running elsewhere.</summary>
internal sealed class HubFrameSource : IFrameSource
{
    /// <summary>"Unlimited": a target no hub reaches, so the generator runs flat out and backpressure sets the pace.</summary>
    public const double UnlimitedRate = 4_000_000;

    private readonly WebApplication? _app;
    private readonly HubControlClient _control;
    private readonly double _rate;
    private readonly int[] _feedIndexes;
    private Dictionary<string, (decimal? Bid, decimal? Ask)>? _lastPrices;
    private FeedCounters[] _baseline;

    private HubFrameSource(WebApplication? app, HubControlClient control, HubStatusReply status, IReadOnlyList<FeedProtocol> protocols, double rate, string description)
    {
        _app = app;
        _control = control;
        _rate = rate;
        Description = description;
        Symbols = status.Symbols;
        var feeds = new List<SourceFeed>();
        var indexes = new List<int>();
        foreach (var protocol in protocols)
        {
            var wire = protocol == FeedProtocol.Json ? "json" : "protobuf";
            var index = status.Feeds.ToList().FindIndex(f => f.Protocol == wire);
            if (index < 0)
            {
                throw new InvalidOperationException($"The hub at {control.BaseAddress} serves no {wire} feed.");
            }

            var feed = status.Feeds[index];
            var url = new UriBuilder(control.BaseAddress) { Scheme = "ws", Path = feed.Path }.Uri;
            feeds.Add(new SourceFeed(feed.Name, protocol, url));
            indexes.Add(index);
        }

        Feeds = feeds;
        _feedIndexes = [.. indexes];
        _baseline = new FeedCounters[indexes.Count];
    }

    public string Description { get; }

    public IReadOnlyList<SourceFeed> Feeds { get; }

    public IReadOnlyList<string> Symbols { get; }

    /// <summary>The hub shares the process with everything else; its CPU is not told apart.</summary>
    public TimeSpan? OwnCpu => null;

    /// <summary>Starts a hub in this process with only the selected feeds, paused until <see cref="StartProducingAsync"/>.</summary>
    public static async Task<HubFrameSource> StartInProcessAsync(HarnessSettings settings, ProtocolSelection selection, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var options = new QuoteHubOptions
        {
            BindAddress = "127.0.0.1",
            Port = 0,
            SyntheticSymbols = settings.SyntheticSymbols,
            MaxPricesPerFrame = settings.PricesPerFrame,
            PartialUpdateProbability = settings.PartialUpdateProbability,
            Seed = settings.Seed,
            RateMultiplier = 0,
            TickInterval = TimeSpan.FromMilliseconds(5),
            SlowClientPolicy = SlowClientPolicy.Backpressure,
            Feeds = [.. selection.Protocols.Select(p =>
            {
                var (name, path) = ProtocolSelection.FeedOf(p);
                return new QuoteHubFeedOptions { Name = name, Protocol = p, Path = path };
            })],
        };
        var app = QuoteHubHost.Build(options, loggerFactory: logs);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var control = new HubControlClient(QuoteHubHost.GetBaseAddress(app));
        var status = await control.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var description = $"quote hub in this process ({status.Symbols.Count} symbols, {options.MaxPricesPerFrame} prices/frame, backpressure)";
        return new HubFrameSource(app, control, status, selection.Protocols, settings.Rate ?? UnlimitedRate, description);
    }

    /// <summary>Uses a hub someone else started (<c>tickwatch quote-hub</c>); pauses it until <see cref="StartProducingAsync"/>.</summary>
    public static async Task<HubFrameSource> ConnectAsync(Uri baseAddress, HarnessSettings settings, ProtocolSelection selection, CancellationToken cancellationToken)
    {
        var control = new HubControlClient(baseAddress);
        await control.SetRateAsync(0, cancellationToken).ConfigureAwait(false);
        var status = await control.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.SlowClientPolicy != "backpressure")
        {
            Console.Error.WriteLine($"warning: the hub at {baseAddress} drops frames for slow clients; start it with --QuoteHub:SlowClientPolicy Backpressure to measure the pipeline.");
        }

        var busy = status.Feeds.Where(f => f.Connections > 0).Select(f => f.Name).ToList();
        if (busy.Count > 0)
        {
            Console.Error.WriteLine($"warning: the hub already has clients on {string.Join(", ", busy)}; counts will not match exactly.");
        }

        var description = $"quote hub in another process at {baseAddress} ({status.Symbols.Count} symbols, {status.MaxPricesPerFrame} prices/frame, {status.SlowClientPolicy})";
        return new HubFrameSource(null, control, status, selection.Protocols, settings.Rate ?? UnlimitedRate, description);
    }

    /// <summary>Waits until the hub has registered a client on every feed, then sets it generating at the chosen rate.</summary>
    public async Task StartProducingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await _control.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            if (_feedIndexes.All(i => status.Feeds[i].Connections > 0))
            {
                // A hub in another process counts over its whole life; this run counts from here.
                _baseline = [.. _feedIndexes.Select(i => new FeedCounters(status.Feeds[i].FramesWritten, status.Feeds[i].UpdatesSent))];
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        await _control.SetRateAsync(_rate, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FeedCounters>> ReadCountersAsync(CancellationToken cancellationToken)
    {
        var status = await _control.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return [.. _feedIndexes.Select((i, n) => new FeedCounters(
            status.Feeds[i].FramesWritten - _baseline[n].Frames,
            status.Feeds[i].UpdatesSent - _baseline[n].Updates))];
    }

    /// <summary>Pauses the generator and waits until the round in progress has been handed to the connections.</summary>
    public async Task StopProducingAsync(CancellationToken cancellationToken)
    {
        await _control.SetRateAsync(0, cancellationToken).ConfigureAwait(false);
        long last = -1;
        while (true)
        {
            var status = await _control.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            var sent = _feedIndexes.Sum(i => status.Feeds[i].FramesSent);
            if (sent == last)
            {
                return;
            }

            last = sent;
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyDictionary<string, (decimal? Bid, decimal? Ask)>> LastPricesAsync(SourceFeed feed, CancellationToken cancellationToken)
    {
        // Without faults every feed carries the model's prices, so one answer serves them all.
        if (_lastPrices is null)
        {
            var prices = new Dictionary<string, (decimal? Bid, decimal? Ask)>(StringComparer.Ordinal);
            foreach (var symbol in Symbols)
            {
                var price = await _control.GetPriceAsync(symbol, cancellationToken).ConfigureAwait(false);
                prices[symbol] = (price.Bid, price.Ask);
            }

            _lastPrices = prices;
        }

        return _lastPrices;
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
