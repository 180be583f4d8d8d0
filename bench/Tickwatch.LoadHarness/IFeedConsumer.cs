namespace Tickwatch.LoadHarness;

/// <summary>What reads the feeds: the real listeners and book, or bare readers that only count frames.</summary>
internal interface IFeedConsumer : IAsyncDisposable
{
    string Description { get; }

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>True once every feed is connected.</summary>
    bool IsConnected { get; }

    /// <summary>Frames and updates received so far, per feed (same order as the source's feeds).</summary>
    IReadOnlyList<FeedCounters> Read();
}
