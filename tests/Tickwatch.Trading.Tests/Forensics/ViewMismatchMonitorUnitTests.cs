using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Forensics;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Tests.Forensics;

public sealed class ViewMismatchMonitorUnitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Fills_are_counted_within_differing_or_without_a_client_price_and_the_worst_are_kept_worst_first_with_their_forensics()
    {
        var monitor = new ViewMismatchMonitor(_time, thresholdPips: 2m, unusualRate: 0.05);

        monitor.Filled(Fill("a", TradeSide.Buy, executed: 1.08531m, seen: 1.08512m), 0.0001m); // 1.9 pips worse: within
        monitor.Filled(Fill("b", TradeSide.Buy, executed: 1.08560m, seen: 1.08512m), 0.0001m); // 4.8 pips worse
        monitor.Filled(Fill("c", TradeSide.Sell, executed: 1.08470m, seen: 1.08500m), 0.0001m); // 3.0 pips worse for a sell
        monitor.Filled(Fill("d", TradeSide.Sell, executed: 1.08600m, seen: 1.08500m), 0.0001m); // better for the client
        monitor.Filled(Fill("e", TradeSide.Buy, executed: 1.08600m, seen: null), 0.0001m);

        var statistics = monitor.GetStatistics();
        Assert.Equal((5L, 4L, 2L, 1L), (statistics.Fills, statistics.Compared, statistics.Differing, statistics.WithoutQuote));
        Assert.Equal(0.5, statistics.DifferingRate);
        Assert.Equal(["b", "c"], statistics.Worst.Select(w => w.OrderId));
        Assert.Equal((4.8m, "/api/debug/forensics/orders/b"), (statistics.Worst[0].DifferencePips, statistics.Worst[0].Forensics));
        Assert.Equal((4L, 2L, 1L), (monitor.ComparedSinceStart, monitor.DifferingSinceStart, monitor.WithoutQuoteSinceStart));
    }

    [Fact]
    public void The_window_forgets_fills_older_than_five_minutes_but_the_totals_since_start_remain()
    {
        var monitor = new ViewMismatchMonitor(_time, thresholdPips: 2m, unusualRate: 0.05);
        monitor.Filled(Fill("old", TradeSide.Buy, executed: 1.0860m, seen: 1.0850m), 0.0001m);

        _time.Advance(ViewMismatchMonitor.Window + TimeSpan.FromSeconds(1));
        monitor.Filled(Fill("new", TradeSide.Buy, executed: 1.0850m, seen: 1.0850m), 0.0001m);

        var statistics = monitor.GetStatistics();
        Assert.Equal((1L, 1L, 0L), (statistics.Fills, statistics.Compared, statistics.Differing));
        Assert.Empty(statistics.Worst);
        Assert.Equal((2L, 1L), (monitor.ComparedSinceStart, monitor.DifferingSinceStart));
    }

    [Fact]
    public void Only_the_ten_worst_are_kept()
    {
        var monitor = new ViewMismatchMonitor(_time, thresholdPips: 2m, unusualRate: 0.05);
        for (var i = 1; i <= 15; i++)
        {
            monitor.Filled(Fill($"o{i}", TradeSide.Buy, executed: 1.0850m + (i * 0.0001m), seen: 1.0850m), 0.0001m);
        }

        var worst = monitor.GetStatistics().Worst;
        Assert.Equal(ViewMismatchMonitor.WorstKept, worst.Count);
        Assert.Equal(("o15", "o6"), (worst[0].OrderId, worst[^1].OrderId));
    }

    private Order Fill(string id, TradeSide side, decimal executed, decimal? seen) => new()
    {
        Id = id,
        Account = AccountId.Parse("live:42"),
        Symbol = "EURUSD",
        Type = side == TradeSide.Buy ? OrderType.Buy : OrderType.Sell,
        Status = OrderStatus.Open,
        Volume = 1m,
        Group = "Standard",
        Route = ExecutionRoute.Local,
        CreatedAt = _time.GetUtcNow(),
        OpenPrice = executed,
        OpenedAt = _time.GetUtcNow(),
        ClientQuote = seen is null ? null : new ClientQuote(seen, null, null),
    };
}
