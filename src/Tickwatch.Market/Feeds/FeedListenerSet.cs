using Tickwatch.Feeds.Listening;

namespace Tickwatch.Market.Feeds;

/// <summary>The service's feed listeners, in configuration order, for diagnostics.</summary>
public sealed class FeedListenerSet(IReadOnlyList<FeedListener> listeners)
{
    public IReadOnlyList<FeedListener> Listeners { get; } = listeners;

    public IReadOnlyList<FeedStatisticsSnapshot> Snapshot() => [.. Listeners.Select(l => l.GetSnapshot())];
}
