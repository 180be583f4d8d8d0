using Tickwatch.Core.Symbols;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.LoadHarness;

/// <summary>The replay server as a frame source, with the same symbols as the hub would serve.</summary>
internal sealed class ReplayFrameSource : IFrameSource
{
    private readonly ReplayServer _server;
    private readonly ReplayScript _script;
    private readonly string[] _paths;

    private ReplayFrameSource(ReplayServer server, ReplayScript script, IReadOnlyList<SourceFeed> feeds, string[] paths, string description)
    {
        _server = server;
        _script = script;
        _paths = paths;
        Feeds = feeds;
        Description = description;
    }

    public string Description { get; }

    public IReadOnlyList<SourceFeed> Feeds { get; }

    public IReadOnlyList<string> Symbols => _script.Symbols;

    public TimeSpan? OwnCpu => _server.Cpu;

    public static ReplayFrameSource Start(HarnessSettings settings, ProtocolSelection selection)
    {
        var instruments = Instruments(settings.SyntheticSymbols);
        var script = ReplayScript.Create(instruments, settings.PricesPerFrame, settings.PartialUpdateProbability, settings.Seed);
        var frames = selection.Protocols.ToDictionary(p => ProtocolSelection.FeedOf(p).Path, p => ReplayFrames.Create(p, script));
        var server = new ReplayServer(frames, settings.Rate);
        var feeds = selection.Protocols.Select(p =>
        {
            var (name, path) = ProtocolSelection.FeedOf(p);
            return new SourceFeed(name, p, new Uri($"ws://127.0.0.1:{server.Port}{path}"));
        }).ToList();
        var description = $"replay server in this process ({script.Symbols.Count} symbols, {settings.PricesPerFrame} prices/frame, "
            + $"a loop of {script.Frames.Count} frames pre-encoded by the real encoders, sequences and times patched in per frame)";
        return new ReplayFrameSource(server, script, feeds, [.. feeds.Select(f => f.Url.AbsolutePath)], description);
    }

    /// <summary>The hub's instruments: the standard list followed by the synthetic ones.</summary>
    public static IReadOnlyList<InstrumentSpec> Instruments(int synthetic) =>
        synthetic > 0 ? [.. StandardInstruments.All, .. SyntheticInstruments.Create(synthetic)] : StandardInstruments.All;

    /// <summary>The replay starts on each connection as it opens.</summary>
    public Task StartProducingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<FeedCounters>> ReadCountersAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FeedCounters>>([.. _paths.Select(_server.Counters)]);

    public Task StopProducingAsync(CancellationToken cancellationToken)
    {
        _server.StopSending();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, (decimal? Bid, decimal? Ask)>> LastPricesAsync(SourceFeed feed, CancellationToken cancellationToken) =>
        Task.FromResult(_script.LastPricesAfter(_server.Counters(feed.Url.AbsolutePath).Frames));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
