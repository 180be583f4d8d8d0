using System.Diagnostics.Metrics;
using Tickwatch.Feeds.Listening;
using Tickwatch.Feeds.Recording;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Feeds;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>The feed listeners' counters as instruments, labelled by feed; read from their statistics at each scrape.</summary>
internal static class FeedInstruments
{
    private const string Feed = "feed";

    /// <param name="meter">The market meter.</param>
    /// <param name="feeds">The feed listeners.</param>
    /// <param name="cluster">Leased mode's watch: a feed another live instance writes (standby) reads as running; null in single mode.</param>
    public static void Register(Meter meter, FeedListenerSet feeds, ClusterWatch? cluster = null)
    {
        meter.CreateObservableCounter(MarketMetricNames.FeedMessages, () => Each(feeds, s => Count(s.MessagesReceived, Feed, s.Name)), "{message}", "WebSocket messages received.");
        meter.CreateObservableCounter(MarketMetricNames.FeedUpdates, () => Each(feeds, s => Count(s.UpdatesReceived, Feed, s.Name)), "{update}", "Price updates decoded and handed to the price book.");
        meter.CreateObservableCounter(MarketMetricNames.FeedReceived, () => Each(feeds, s => Count(s.BytesReceived, Feed, s.Name)), "By", "Bytes received in messages.");
        meter.CreateObservableCounter(MarketMetricNames.FeedMessagesFailed, () => Each(feeds, s => Count(s.MessagesFailed, Feed, s.Name)), "{message}", "Messages unusable as a whole.");
        meter.CreateObservableCounter(MarketMetricNames.FeedParseErrors, () => ParseErrors(feeds), "{error}", "Parse errors by category.");
        meter.CreateObservableCounter(MarketMetricNames.FeedFramesIgnored, () => Each(feeds, s => Count(s.FramesIgnored, Feed, s.Name)), "{frame}", "Frames not meant for the price book.");
        meter.CreateObservableCounter(MarketMetricNames.FeedTrades, () => Each(feeds, s => Count(s.TradesReceived, Feed, s.Name)), "{trade}", "Venue trades decoded and handed to the price book.");
        meter.CreateObservableCounter(MarketMetricNames.FeedControlFrames, () => ControlFrames(feeds), "{frame}", "A venue's control frames by kind.");
        meter.CreateObservableCounter(MarketMetricNames.FeedConnectionAttempts, () => ConnectionAttempts(feeds), "{attempt}", "Completed connection attempts by outcome.");
        meter.CreateObservableCounter(MarketMetricNames.FeedDisconnections, () => Each(feeds, s => Count(s.Disconnections, Feed, s.Name)), "{disconnection}", "Established connections that ended.");

        // A feed's first connection is not a reconnect; every later one is.
        meter.CreateObservableCounter(
            MarketMetricNames.FeedReconnects, () => Each(feeds, s => Count(Math.Max(0, s.SuccessfulConnections - 1), Feed, s.Name)), "{connection}", "Connections opened after the first.");
        meter.CreateObservableGauge(MarketMetricNames.FeedConnected, () => Each(feeds, s => Flag(s.Connected, Feed, s.Name)), null, "1 while the WebSocket is open.");
        meter.CreateObservableGauge(
            MarketMetricNames.FeedRunning,
            () => Each(feeds, s => Flag(s.IsRunning || cluster?.IsStandby(s.Name) == true, Feed, s.Name)),
            null,
            "1 while prices flow (is_running).");
        meter.CreateObservableGauge(MarketMetricNames.FeedLastMessageAge, () => LastMessageAges(feeds, cluster), "s", "Seconds since the feed's last message.");
        meter.CreateObservableCounter(MarketMetricNames.FeedRecordingFrames, () => RecordingFrames(feeds), "{frame}", "Frames of a recorded feed by outcome: written, dropped (queue full), failed (file not writable).");
        meter.CreateObservableCounter(
            MarketMetricNames.FeedRecordingWritten, () => Recorders(feeds).Select(r => Count(r.BytesWritten, Feed, r.Feed)), "By", "Bytes put in the recording's files.");
        meter.CreateObservableGauge(MarketMetricNames.FeedRecordingCurrentFile, () => CurrentFiles(feeds), null, "1 for the recording file being written.");
    }

    private static IEnumerable<FeedRecorder> Recorders(FeedListenerSet feeds) => feeds.Listeners.Select(l => l.Recorder).OfType<FeedRecorder>();

    private static IEnumerable<Measurement<long>> RecordingFrames(FeedListenerSet feeds) =>
        Recorders(feeds).SelectMany(r => new[]
        {
            Count(r.FramesWritten, Feed, r.Feed, "outcome", "written"),
            Count(r.FramesDropped, Feed, r.Feed, "outcome", "dropped"),
            Count(r.FramesFailed, Feed, r.Feed, "outcome", "failed"),
        });

    private static IEnumerable<Measurement<int>> CurrentFiles(FeedListenerSet feeds) =>
        Recorders(feeds).Select(r => (r.Feed, r.GetStatus().CurrentFile)).Where(f => f.CurrentFile is not null)
            .Select(f => new Measurement<int>(1, new KeyValuePair<string, object?>(Feed, f.Feed), new KeyValuePair<string, object?>("file", Path.GetFileName(f.CurrentFile!))));

    private static IEnumerable<Measurement<T>> Each<T>(FeedListenerSet feeds, Func<FeedStatisticsSnapshot, Measurement<T>> measure)
        where T : struct => feeds.Snapshot().Select(measure);

    private static IEnumerable<Measurement<long>> ParseErrors(FeedListenerSet feeds) =>
        feeds.Snapshot().SelectMany(s => s.ParseErrorsByCategory.Select(c => Count(c.Value, Feed, s.Name, "category", c.Key)));

    private static IEnumerable<Measurement<long>> ControlFrames(FeedListenerSet feeds) =>
        feeds.Snapshot().SelectMany(s => s.ControlFrames.Select(c => Count(c.Value, Feed, s.Name, "kind", c.Key)));

    private static IEnumerable<Measurement<long>> ConnectionAttempts(FeedListenerSet feeds) =>
        feeds.Snapshot().SelectMany(s => new[]
        {
            Count(s.SuccessfulConnections, Feed, s.Name, "outcome", "success"),
            Count(s.ConnectionFailures, Feed, s.Name, "outcome", "failure"),
        });

    // A standby's listener is stopped by design: the age of its last message, from when it wrote the feed, says nothing now.
    private static IEnumerable<Measurement<double>> LastMessageAges(FeedListenerSet feeds, ClusterWatch? cluster) =>
        feeds.Snapshot().Where(s => s.LastMessageAge is not null && cluster?.IsStandby(s.Name) != true).Select(s => Value(s.LastMessageAge!.Value, Feed, s.Name));
}
