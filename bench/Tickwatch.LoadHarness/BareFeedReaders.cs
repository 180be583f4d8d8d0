using Tickwatch.BenchSupport;

namespace Tickwatch.LoadHarness;

/// <summary>One <see cref="BareFeedReader"/> per feed, counting messages and decoding nothing: the cheapest consumer, to find what the source can produce.</summary>
internal sealed class BareFeedReaders(IReadOnlyList<SourceFeed> feeds) : IFeedConsumer
{
    private readonly BareFeedReader[] _readers = [.. feeds.Select(f => new BareFeedReader(f.Url))];

    public string Description => "bare ClientWebSocket per feed, counting messages (no decoding, no book)";

    public bool IsConnected => _readers.All(r => r.IsConnected);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var reader in _readers)
        {
            await reader.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public IReadOnlyList<FeedCounters> Read() => [.. _readers.Select(r => new FeedCounters(r.Frames, -1))];

    public async ValueTask DisposeAsync()
    {
        foreach (var reader in _readers)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }
}
