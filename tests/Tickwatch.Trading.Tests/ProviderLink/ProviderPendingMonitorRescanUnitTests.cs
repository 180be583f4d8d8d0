using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Trading.Tests.ProviderLink;

/// <summary>
/// Two market service instances on one in-memory store, each its engine, link and pending monitor: the second learns
/// of the first's resting orders by its periodic rescan (never told of them), drops them once finished, and the two
/// monitors together send one cancel.
/// </summary>
public sealed class ProviderPendingMonitorRescanUnitTests
{
    private readonly RecordingProviderLink _linkA = new();
    private readonly RecordingProviderLink _linkB = new();
    private readonly TradingDesk _desk;
    private readonly ProviderPendingMonitor _monitorB;
    private readonly TradingEngine _engineB;
    private ProviderPendingMonitor _monitorA = null!;
    private int _reports;

    public ProviderPendingMonitorRescanUnitTests()
    {
        _desk = new TradingDesk(provider: _linkA, observers: time =>
        {
            _monitorA = new ProviderPendingMonitor(Options.Create(new ProviderLinkOptions()), time, NullLogger<ProviderPendingMonitor>.Instance, _linkA);
            return [_monitorA];
        });
        _monitorB = new ProviderPendingMonitor(
            Options.Create(new ProviderLinkOptions { PendingRescanInterval = TimeSpan.FromSeconds(30) }), _desk.Time, NullLogger<ProviderPendingMonitor>.Instance, _linkB);
        _engineB = new TradingEngine(_desk.Store, _desk.Book, Options.Create(new TradingOptions()), _desk.Time, NullLogger<TradingEngine>.Instance, [_monitorB], provider: _linkB);
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
    }

    [Fact]
    public async Task The_rescan_on_its_clock_watches_orders_placed_through_another_instance_and_drops_finished_ones()
    {
        using var stop = new CancellationTokenSource();
        var run = _monitorB.RunAsync(_engineB, stop.Token);
        await Eventually.UntilAsync(() => _monitorB.Snapshot().Scans == 1, "the start-up scan has run");

        // Placed through instance A after B's start: B is never told.
        var resting = await RestingThroughAAsync();
        await TickAsync(TimeSpan.FromSeconds(29.5));
        Assert.Equal((0, 1L), (_monitorB.Watched, _monitorB.Snapshot().Scans));

        await TickAsync(TimeSpan.FromSeconds(0.5));
        await Eventually.UntilAsync(() => _monitorB.Snapshot().Scans == 2, "the rescan has run");
        Assert.Equal(1, _monitorB.Watched);
        Assert.Equal((1L, 0L), (_monitorB.Snapshot().ScanAdded, _monitorB.Snapshot().ScanDropped));
        Assert.Equal(resting.Id, Assert.Single(_monitorB.Snapshot().WatchedOrders).OrderId);

        await stop.CancelAsync();
        await run;

        // The client cancels it through A and the provider confirms; B, not told, drops it at its next scan.
        var cancelled = await _desk.Engine.CancelAsync(new CancelOrder(TradingDesk.Bob, resting.Id, _desk.Key()), default);
        var cancel = Assert.Single(_linkA.Sent.OfType<CancelRequest>());
        await _desk.Engine.ApplyReportAsync(Report(cancelled.Order!, ProviderOrderStatus.Cancelled, clientOrderId: cancel.ClientOrderId), default);
        Assert.Equal(1, _monitorB.Watched);
        await _monitorB.ScanAsync(_engineB, default);
        Assert.Equal((0, 1L), (_monitorB.Watched, _monitorB.Snapshot().ScanDropped));
    }

    [Fact]
    public async Task Both_instances_watching_the_same_short_account_send_one_cancel_between_them()
    {
        var resting = await RestingThroughAAsync();
        await _monitorB.ScanAsync(_engineB, default);
        Assert.Equal((1, 1), (_monitorA.Watched, _monitorB.Watched));

        _desk.Price("EURUSD", 1.08000m, 1.08020m);
        await _monitorB.CheckAsync(_engineB, default);
        await _monitorA.CheckAsync(_desk.Engine, default);
        await _monitorB.CheckAsync(_engineB, default);
        await _monitorA.CheckAsync(_desk.Engine, default);

        var cancel = Assert.Single(_linkA.Sent.Concat(_linkB.Sent).OfType<CancelRequest>());
        Assert.Equal(resting.Id, cancel.OrderId);
        Assert.Equal((0L, 1L), (_monitorA.Snapshot().CancelsSent, _monitorB.Snapshot().CancelsSent));
    }

    /// <summary>Advances fake time in monitor ticks, each pass run before the next.</summary>
    private async Task TickAsync(TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromMilliseconds(500))
        {
            var passes = _monitorB.Snapshot().Passes;
            _desk.Price("EURUSD", 1.08500m, 1.08520m);
            _desk.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Eventually.UntilAsync(() => _monitorB.Snapshot().Passes > passes, "the monitor has passed");
        }
    }

    /// <summary>Bob through instance A: 5 lots EURUSD open at 1.08531 and a 3-lot buy limit resting at 1.07000.</summary>
    private async Task<Order> RestingThroughAAsync()
    {
        var open = (await _desk.Place(OrderType.Buy, 5m, account: TradingDesk.Bob)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(open, ProviderOrderStatus.Executed, avgpx: 1.08531m), default);
        var order = (await _desk.Place(OrderType.BuyLimit, 3m, price: 1.07000m, account: TradingDesk.Bob)).Order!;
        await _desk.Engine.ApplyReportAsync(Report(order, ProviderOrderStatus.Pending, price: 1.07000m), default);
        return order;
    }

    private ExecutionReport Report(Order order, ProviderOrderStatus status, decimal? avgpx = null, decimal? price = null, string? reason = null, string? clientOrderId = null) =>
        TestReports.Of(order, status, "r" + Interlocked.Increment(ref _reports), _desk.Time.GetUtcNow(), avgpx, price, reason, clientOrderId);
}
