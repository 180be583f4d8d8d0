using Tickwatch.Feeds.Listening;

namespace Tickwatch.Market.Dashboard;

/// <summary>One feed's running message total and connection state at one sample.</summary>
/// <param name="Feed">The feed's name.</param>
/// <param name="MessagesReceived">Messages since the listener started.</param>
/// <param name="State">Where its connection loop is.</param>
public readonly record struct FeedReading(string Feed, long MessagesReceived, FeedConnectionState State)
{
    public static FeedReading From(FeedStatisticsSnapshot feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return new FeedReading(feed.Name, feed.MessagesReceived, feed.State);
    }
}
