using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Dashboard;

namespace Tickwatch.Market.Tests.Dashboard;

/// <summary>The dashboard's message-rate history: rates between samples, states, the ring's bound and its order.</summary>
public sealed class FeedRateHistoryUnitTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_reading_only_sets_the_baseline()
    {
        var history = new FeedRateHistory(10, TimeSpan.FromSeconds(1));

        history.Record(Start, [Reading("json", 500)]);

        var view = history.Read();
        Assert.Empty(view.Times);
        Assert.Empty(view.Feeds);
    }

    [Fact]
    public void A_point_is_the_messages_since_the_previous_sample_over_the_time_between_them()
    {
        var history = new FeedRateHistory(10, TimeSpan.FromSeconds(1));

        history.Record(Start, [Reading("json", 100), Reading("binary", 40)]);
        history.Record(Start.AddSeconds(2), [Reading("json", 350), Reading("binary", 40, FeedConnectionState.Reconnecting)]);

        var view = history.Read();
        Assert.Equal(1.0, view.IntervalSeconds);
        Assert.Equal([Start.AddSeconds(2).ToUnixTimeMilliseconds() / 1000.0], view.Times);
        Assert.Equal([125.0], view.Feeds["json"].MessagesPerSecond);
        Assert.Equal([FeedConnectionState.Receiving], view.Feeds["json"].States);
        Assert.Equal([0.0], view.Feeds["binary"].MessagesPerSecond);
        Assert.Equal([FeedConnectionState.Reconnecting], view.Feeds["binary"].States);
    }

    [Fact]
    public void Only_the_newest_points_are_kept_oldest_first()
    {
        var history = new FeedRateHistory(3, TimeSpan.FromSeconds(1));

        for (var second = 0; second <= 5; second++)
        {
            history.Record(Start.AddSeconds(second), [Reading("json", second * second * 10L)]);
        }

        var view = history.Read();
        Assert.Equal([3, 4, 5], view.Times.Select(t => (int)(t - Start.ToUnixTimeSeconds())));

        // 10·s² grows by 10·(2s − 1) from one second to the next.
        Assert.Equal([50.0, 70.0, 90.0], view.Feeds["json"].MessagesPerSecond);
    }

    [Fact]
    public void A_feed_first_seen_later_has_no_points_before_it_and_none_for_its_own_baseline()
    {
        var history = new FeedRateHistory(10, TimeSpan.FromSeconds(1));

        history.Record(Start, [Reading("json", 0)]);
        history.Record(Start.AddSeconds(1), [Reading("json", 10)]);
        history.Record(Start.AddSeconds(2), [Reading("json", 20), Reading("binary", 7)]);
        history.Record(Start.AddSeconds(3), [Reading("json", 30), Reading("binary", 12)]);

        var binary = history.Read().Feeds["binary"];
        Assert.Equal([null, null, 5.0], binary.MessagesPerSecond);
        Assert.Equal([null, FeedConnectionState.Receiving, FeedConnectionState.Receiving], binary.States);
    }

    [Fact]
    public void A_clock_that_goes_back_adds_no_point_and_restarts_the_baseline()
    {
        var history = new FeedRateHistory(10, TimeSpan.FromSeconds(1));

        history.Record(Start, [Reading("json", 0)]);
        history.Record(Start.AddSeconds(-5), [Reading("json", 100)]);
        history.Record(Start.AddSeconds(-4), [Reading("json", 130)]);

        Assert.Equal([30.0], history.Read().Feeds["json"].MessagesPerSecond);
    }

    [Fact]
    public void A_total_that_falls_counts_as_no_messages_never_a_negative_rate()
    {
        var history = new FeedRateHistory(10, TimeSpan.FromSeconds(1));

        history.Record(Start, [Reading("json", 1000)]);
        history.Record(Start.AddSeconds(1), [Reading("json", 10)]);

        Assert.Equal([0.0], history.Read().Feeds["json"].MessagesPerSecond);
    }

    [Fact]
    public void The_trading_engine_s_refusals_and_fills_become_rates_per_point_and_sums_over_the_window()
    {
        var history = new FeedRateHistory(10, TimeSpan.FromSeconds(1));

        history.Record(Start, [Reading("json", 0)], new TradingReading(Refusals: 5, Fills: 10));
        history.Record(Start.AddSeconds(2), [Reading("json", 20)], new TradingReading(Refusals: 9, Fills: 11));
        history.Record(Start.AddSeconds(3), [Reading("json", 30)], new TradingReading(Refusals: 9, Fills: 14));

        var trading = history.Read().Trading;
        Assert.Equal([2.0, 0.0], trading.RefusalsPerSecond);
        Assert.Equal([0.5, 3.0], trading.FillsPerSecond);
        Assert.Equal((4L, 4L, 3.0), (trading.Refusals, trading.Fills, trading.WindowSeconds));
    }

    [Fact]
    public void Trading_counts_that_leave_the_ring_leave_the_window_too()
    {
        var history = new FeedRateHistory(2, TimeSpan.FromSeconds(1));

        for (var second = 0; second <= 4; second++)
        {
            history.Record(Start.AddSeconds(second), [Reading("json", 0)], new TradingReading(Refusals: second * 3L, Fills: 0));
        }

        var trading = history.Read().Trading;
        Assert.Equal((6L, 2.0), (trading.Refusals, trading.WindowSeconds));
    }

    [Fact]
    public void Without_the_engine_s_totals_the_trading_points_are_null_and_the_window_empty()
    {
        var history = new FeedRateHistory(10, TimeSpan.FromSeconds(1));

        history.Record(Start, [Reading("json", 0)]);
        history.Record(Start.AddSeconds(1), [Reading("json", 10)], new TradingReading(Refusals: 3, Fills: 1));
        history.Record(Start.AddSeconds(2), [Reading("json", 20)], new TradingReading(Refusals: 4, Fills: 1));

        var trading = history.Read().Trading;
        Assert.Equal([null, 1.0], trading.RefusalsPerSecond);
        Assert.Equal((1L, 0L, 1.0), (trading.Refusals, trading.Fills, trading.WindowSeconds));
    }

    private static FeedReading Reading(string feed, long messages, FeedConnectionState state = FeedConnectionState.Receiving) => new(feed, messages, state);
}
