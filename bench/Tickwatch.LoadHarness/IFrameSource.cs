namespace Tickwatch.LoadHarness;

/// <summary>Where the frames come from: the quote hub (in this process or another), or the replay server.</summary>
internal interface IFrameSource : IAsyncDisposable
{
    /// <summary>One line for the report.</summary>
    string Description { get; }

    IReadOnlyList<SourceFeed> Feeds { get; }

    IReadOnlyList<string> Symbols { get; }

    /// <summary>Waits until every feed has its client, then starts (or resumes) producing.</summary>
    Task StartProducingAsync(CancellationToken cancellationToken);

    /// <summary>Frames and updates written so far, per feed (same order as <see cref="Feeds"/>).</summary>
    Task<IReadOnlyList<FeedCounters>> ReadCountersAsync(CancellationToken cancellationToken);

    /// <summary>CPU used by the source itself so far, when it can be told apart from the rest of the process.</summary>
    TimeSpan? OwnCpu { get; }

    /// <summary>Stops producing; frames already written still arrive.</summary>
    Task StopProducingAsync(CancellationToken cancellationToken);

    /// <summary>Once stopped: the last bid and ask sent for each symbol on <paramref name="feed"/>.</summary>
    Task<IReadOnlyDictionary<string, (decimal? Bid, decimal? Ask)>> LastPricesAsync(SourceFeed feed, CancellationToken cancellationToken);
}
