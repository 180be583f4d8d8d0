using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.Tests.ProviderLink;

/// <summary>The engine and the real connection manager against the real execution gateway (and a fake one for bad frames), over loopback TCP.</summary>
public sealed class ProviderConnectionManagerTests
{
    [Fact]
    public async Task An_order_the_gateway_fills_in_parts_opens_part_by_part_at_the_weighted_average_each_part_applied_once()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        await using var desk = ProviderDesk.Start(gateway.Link);
        desk.Price("EURUSD", 1.08400m, 1.08412m);
        await desk.WhenConnectedAsync();
        await gateway.PostAsync("/control/split", new { parts = 3 });
        await gateway.PostAsync("/control/repeat", new { copies = 2 });

        var placed = (await desk.Place(OrderType.Buy, 3m)).Order!;
        await desk.WhenSettledAsync();
        await Eventually.UntilAsync(() => desk.Link.Snapshot().DuplicatesIgnored >= 3, "the repeated parts have arrived");

        // 1 lot at 1.08412, 1 at 1.08413, 1 at 1.08414: the position is 3 lots at their average.
        var order = await desk.OrderAsync(placed.Id);
        Assert.Equal((OrderStatus.Open, 3m, (decimal?)null, 1.08413m), (order.Status, order.Volume, order.WorkingVolume, order.OpenPrice));
        Assert.Equal(3, desk.Link.Snapshot().ReportsApplied);
        Assert.Equal(1, desk.Events("order_filled"));
        Assert.Equal(2, desk.Events("order_partially_filled"));
        Assert.Empty(desk.Link.Snapshot().InFlight);
    }

    [Fact]
    public async Task Fills_rejects_and_repeated_reports_are_applied_exactly_once()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        gateway.Prices.Set("GBPUSD", 1.27000m, 1.27015m);
        await using var desk = ProviderDesk.Start(gateway.Link);
        desk.Price("EURUSD", 1.08400m, 1.08412m);
        desk.Price("GBPUSD", 1.27000m, 1.27015m);
        await desk.WhenConnectedAsync();
        await gateway.PostAsync("/control/repeat", new { copies = 3 });
        await gateway.PostAsync("/control/reject", new { symbol = "GBPUSD", reason = "LP_REJECT: no liquidity" });

        var buys = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => desk.Place(OrderType.Buy)));
        var rejected = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => desk.Place(OrderType.Sell, symbol: "GBPUSD")));
        Assert.All(buys.Concat(rejected), o => Assert.Equal(OrderStatus.Queued, o.Order?.Status));
        await desk.WhenSettledAsync();
        await Eventually.UntilAsync(() => desk.Link.Snapshot().DuplicatesIgnored >= 2 * 25, "the repeats have arrived");

        foreach (var buy in buys)
        {
            var order = await desk.OrderAsync(buy.Order!.Id);
            Assert.Equal(OrderStatus.Open, order.Status);
            Assert.Equal(1.08412m, order.OpenPrice);
        }

        foreach (var refusal in rejected)
        {
            var order = await desk.OrderAsync(refusal.Order!.Id);
            Assert.Equal((OrderStatus.Rejected, "LP_REJECT: no liquidity"), (order.Status, order.CloseReason));
        }

        var snapshot = desk.Link.Snapshot();
        Assert.Equal(25, snapshot.ReportsApplied);
        Assert.Equal(20, desk.Events("order_filled"));
        Assert.Equal(5, desk.Events("order_rejected"));
        Assert.Empty(snapshot.InFlight);
        Assert.Equal(20, (await desk.Store.ReadAccountAsync(desk.Trader, default))!.ActiveOrders.Count);
    }

    [Fact]
    public async Task A_gateway_that_drops_the_link_with_orders_in_flight_ends_with_every_order_filled_once()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        await using var desk = ProviderDesk.Start(gateway.Link);
        desk.Price("EURUSD", 1.08400m, 1.08412m);
        await desk.WhenConnectedAsync();

        // Held: the gateway fills them but tells nobody; then the connection goes, and the reports with it.
        await gateway.PostAsync("/control/pause");
        var held = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => desk.Place(OrderType.Buy)));
        await Eventually.UntilAsync(() => gateway.Engine.GetStatus().Reports.GetValueOrDefault("EXECUTED") == 30, "the gateway has filled all 30");
        await gateway.PostAsync("/control/drop");
        await gateway.PostAsync("/control/resume");

        // Sent while the link comes and goes: each is either filled or refused, never lost.
        var racing = new List<Task<Tickwatch.Trading.Orders.OrderOutcome>>();
        for (var i = 0; i < 30; i++)
        {
            racing.Add(desk.Place(OrderType.Buy));
            if (i == 10)
            {
                await gateway.PostAsync("/control/drop");
            }
        }

        var raced = await Task.WhenAll(racing);
        await desk.WhenSettledAsync();

        Assert.True(desk.Link.Snapshot().Reconnects >= 1);
        foreach (var outcome in held)
        {
            Assert.Equal(OrderStatus.Open, (await desk.OrderAsync(outcome.Order!.Id)).Status);
        }

        var placed = raced.Where(o => o.Accepted).Select(o => o.Order!.Id).ToList();
        foreach (var id in placed)
        {
            Assert.Equal(OrderStatus.Open, (await desk.OrderAsync(id)).Status);
        }

        Assert.All(raced.Where(o => !o.Accepted), o => Assert.Equal(RefusalReason.ProviderUnavailable, o.Refusal));
        Assert.Equal(30 + placed.Count, desk.Events("order_filled"));
        Assert.Empty(desk.Link.Snapshot().InFlight);
    }

    [Fact]
    public async Task On_start_the_orders_in_flight_in_the_store_are_sent_again_and_completed()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        var first = ProviderDesk.Start(gateway.Link);
        first.Price("EURUSD", 1.08400m, 1.08412m);
        await first.WhenConnectedAsync();
        await gateway.PostAsync("/control/pause");
        var queued = (await first.Place(OrderType.Buy)).Order!.Id;
        var resting = (await first.Place(OrderType.BuyLimit, price: 1.08000m)).Order!.Id;
        await Eventually.UntilAsync(() => gateway.Engine.GetStatus().Reports.GetValueOrDefault("EXECUTED") == 1, "the gateway has filled the market order");
        await first.DisposeAsync();

        // A new process on the same store: the link finds both in flight and the gateway answers the re-sends.
        await gateway.PostAsync("/control/drop");
        await gateway.PostAsync("/control/resume");
        await using var second = ProviderDesk.Start(gateway.Link, store: first.Store);
        second.Price("EURUSD", 1.08400m, 1.08412m);
        await second.WhenSettledAsync();

        Assert.Equal(OrderStatus.Open, (await second.OrderAsync(queued)).Status);
        Assert.Equal(OrderStatus.Pending, (await second.OrderAsync(resting)).Status);
        var snapshot = second.Link.Snapshot();
        Assert.True(snapshot.Resent >= 2, $"resent {snapshot.Resent}");
        Assert.Equal(resting, Assert.Single(snapshot.InFlight).OrderId);
        Assert.False(snapshot.InFlight[0].AwaitsAnswer);
    }

    [Fact]
    public async Task A_full_send_queue_refuses_the_order_PROVIDER_UNAVAILABLE_and_releases_its_margin()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        var loading = new TaskCompletionSource();
        await using var desk = ProviderDesk.Start(gateway.Link, o => o.SendQueueCapacity = 2, execution: engine => new HeldScan(engine, loading.Task));
        desk.Price("EURUSD", 1.08400m, 1.08412m);

        // Connected, but the queue does not drain until the store's scan is done.
        await desk.WhenConnectedAsync();
        var fits = await Task.WhenAll(desk.Place(OrderType.Buy), desk.Place(OrderType.Buy));
        var full = await desk.Place(OrderType.Buy);

        Assert.All(fits, o => Assert.Equal(OrderStatus.Queued, o.Order?.Status));
        Assert.Equal(RefusalReason.ProviderUnavailable, full.Refusal);
        var state = (await desk.Store.ReadAccountAsync(desk.Trader, default))!;
        Assert.Equal(2, state.ActiveOrders.Count);
        var valued = (await desk.Engine.ValueAsync(desk.Trader, default))!.Value.Valuation;
        Assert.True(valued.UsedMargin > 2_000m, $"the two queued orders hold margin: {valued.UsedMargin}");
        Assert.Equal(1, desk.Events("order_rejected"));

        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        loading.SetResult();
        await desk.WhenSettledAsync();
        Assert.Equal(2, desk.Events("order_filled"));
    }

    [Fact]
    public async Task Malformed_frames_are_counted_and_the_link_carries_on_and_an_oversized_one_makes_it_reconnect()
    {
        using var fake = new TcpListener(IPAddress.Loopback, 0);
        fake.Start();
        await using var desk = ProviderDesk.Start((IPEndPoint)fake.LocalEndpoint, o => o.MaxFrameBytes = 4096);
        using (var first = await fake.AcceptTcpClientAsync())
        {
            var stream = first.GetStream();
            await stream.WriteAsync(Frame([0xc1]));
            await stream.WriteAsync(Frame([0x01]));
            await stream.WriteAsync(Frame([0x81, 0xa1, 0x74, 0xa3, 0x66, 0x6f, 0x6f]));
            await Eventually.UntilAsync(() => desk.Link.Counters.Refused == 3, "three frames refused");
            Assert.True(desk.Link.IsConnected);
            var errors = desk.Link.Snapshot().FrameErrors;
            Assert.Equal(1, errors["invalid_msgpack"]);
            Assert.Equal(1, errors["not_a_map"]);
            Assert.Equal(1, errors["unknown_message_type"] + errors["missing_field"]);

            var header = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(header, 1_000_000);
            await stream.WriteAsync(header);
            using var second = await fake.AcceptTcpClientAsync().WaitAsync(Eventually.DefaultTimeout);
            await Eventually.UntilAsync(() => desk.Link.IsConnected && desk.Link.Snapshot().Connections == 2, "the link reconnected");
            Assert.Equal(1, desk.Link.Snapshot().FrameErrors["oversized"]);
        }
    }

    [Fact]
    public async Task Reconnects_back_off_on_the_links_clock()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var endpoint = (IPEndPoint)closed.LocalEndpoint;
        closed.Stop();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var desk = ProviderDesk.Start(
            endpoint, o => (o.ReconnectMinDelay, o.ReconnectMaxDelay) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), linkTime: time);

        await Eventually.UntilAsync(() => desk.Link.State == ProviderLinkState.Backoff, "the first attempt failed");
        Assert.Equal(1, desk.Link.Snapshot().ConnectAttempts);
        Assert.NotNull(desk.Link.Snapshot().LastError);

        // Full jitter below 1 s, then below 2 s: each second attempt waits for the clock, never for a spin.
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => desk.Link.Snapshot().ConnectAttempts == 2 && desk.Link.State == ProviderLinkState.Backoff, "the second attempt failed");
        time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.UntilAsync(() => desk.Link.Snapshot().ConnectAttempts == 3, "the third attempt");
        Assert.Equal(0, desk.Link.Snapshot().Connections);
    }

    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>The engine, with its scan at connect (not the one at start) held until the test lets it go.</summary>
    private sealed class HeldScan(IProviderExecution engine, Task release) : IProviderExecution
    {
        private int _scans;

        public Task<ProviderReportResult> ApplyReportAsync(ExecutionReport report, CancellationToken cancellationToken) => engine.ApplyReportAsync(report, cancellationToken);

        public async Task<ProviderInFlightScan> LoadInFlightAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _scans) > 1)
            {
                await release.WaitAsync(cancellationToken);
            }

            return await engine.LoadInFlightAsync(cancellationToken);
        }
    }
}
