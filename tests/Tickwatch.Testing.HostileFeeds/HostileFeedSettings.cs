using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>One hostile run: which feed, how many frames, which seed (the same seed sends the same frames).</summary>
public sealed record HostileFeedSettings
{
    public required FeedProtocol Protocol { get; init; }

    /// <summary>Frames before the final prices: valid ones and hostile ones, interleaved.</summary>
    public required int Frames { get; init; }

    public required int Seed { get; init; }

    /// <summary>The listener's frame limit (<see cref="FeedOptions.MaxFrameBytes"/>); its default unless a run says otherwise.</summary>
    public int MaxFrameBytes { get; init; } = new FeedOptions().MaxFrameBytes;

    /// <summary>How long the listener may take to count every frame once the last is queued.</summary>
    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where a long run writes its progress; null for none.</summary>
    public TextWriter? Progress { get; init; }
}
