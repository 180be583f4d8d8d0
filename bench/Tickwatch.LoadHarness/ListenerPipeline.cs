using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Pricing;

namespace Tickwatch.LoadHarness;

/// <summary>The market service's price path, built as the service builds it: one <see cref="FeedListener"/> per feed with the real codec, into one <see cref="PriceBook"/>.</summary>
internal sealed class ListenerPipeline : IFeedConsumer
{
    private readonly IFeedCodec[] _codecs;

    public ListenerPipeline(IReadOnlyList<SourceFeed> feeds, IReadOnlyList<string> symbols, ILoggerFactory logs)
    {
        Registry = SymbolCatalog.Create(new PricesOptions { Symbols = [.. symbols] });
        Book = new PriceBook(Registry, TimeProvider.System);
        var sink = new PriceBookSink(Book);
        _codecs = [.. feeds.Select(f => FeedCodecs.CreateCodec(f.Protocol, Registry))];
        Listeners = [.. feeds.Select((f, i) => new FeedListener(
            new FeedOptions { Name = f.Name, Protocol = f.Protocol, Url = f.Url },
            _codecs[i],
            sink,
            TimeProvider.System,
            logs.CreateLogger<FeedListener>()))];
    }

    public string Description => "FeedListener per feed (real codecs) -> PriceBookSink -> PriceBook";

    public SymbolRegistry Registry { get; }

    public PriceBook Book { get; }

    public IReadOnlyList<FeedListener> Listeners { get; }

    public bool IsConnected => Listeners.All(l => l.Statistics.State is FeedConnectionState.Connected or FeedConnectionState.Receiving);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in Listeners)
        {
            await listener.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public IReadOnlyList<FeedCounters> Read() =>
        [.. Listeners.Select(l => new FeedCounters(l.Statistics.MessagesReceived, l.Statistics.UpdatesReceived))];

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in Listeners)
        {
            await listener.StopAsync(CancellationToken.None).ConfigureAwait(false);
            listener.Dispose();
        }

        foreach (var codec in _codecs)
        {
            (codec as IDisposable)?.Dispose();
        }
    }
}
