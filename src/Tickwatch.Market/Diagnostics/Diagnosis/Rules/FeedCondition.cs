using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Diagnostics.Comprehensive;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Says in one sentence why a feed is not delivering: a stall, a refused connection, a lost one, or still starting.</summary>
internal static class FeedCondition
{
    // The feed listener's watchdog gives this reason when it drops a silent connection.
    private const string NoDataReasonPrefix = "no data for";

    public static bool IsStalled(FeedSummary feed) =>
        feed.LastDisconnectReason?.StartsWith(NoDataReasonPrefix, StringComparison.Ordinal) == true
        || (feed.SocketOpen && feed.LastMessageAge is { } age && age > feed.NoDataTimeoutSeconds);

    public static string Explain(string name, FeedSummary feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (feed.IsUnheld)
        {
            return Invariant($"feed '{name}' is held by no instance: nobody connects it or writes its prices");
        }

        var silentFor = feed.LastMessageAge is { } age ? Invariant($"no message for {age:0.#} s") : "no message yet";
        if (feed.LastError is { Category: FeedErrorInfo.ConnectFailed } refused && !feed.SocketOpen)
        {
            return Invariant($"feed '{name}' cannot connect ({refused.Detail}; attempt {feed.ReconnectAttempt}, {silentFor}): the quote server is down, refuses the connection, or cannot be reached (network/DNS)");
        }

        if (IsStalled(feed))
        {
            var last = feed.LastDisconnectReason is { } reason ? Invariant($", last: \"{reason}\"") : "";
            return Invariant($"feed '{name}' connects but receives nothing ({silentFor}; the watchdog replaces a connection silent for {feed.NoDataTimeoutSeconds:0.#} s{last}): the quote server stopped sending (a stall)");
        }

        if (feed.LastError is { Category: FeedErrorInfo.ConnectionLost } lost)
        {
            return Invariant($"feed '{name}' lost its connection ({lost.Detail}) and is {feed.State} (attempt {feed.ReconnectAttempt})");
        }

        return feed.State is "starting" or "connecting" && feed.Session == 0
            ? Invariant($"feed '{name}' is still making its first connection")
            : Invariant($"feed '{name}' is {feed.State} ({silentFor})");
    }
}
