using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.Tests.ProviderLink;

/// <summary>The provider relay of a leased cluster against the real execution gateway over loopback TCP: the holder's consumer and a non-holder's link.</summary>
public sealed class ProviderRelayTests
{
    [Fact]
    public async Task The_holder_reads_the_relay_from_the_id_noted_before_its_reload_and_sends_each_later_request_once()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        var relay = new InMemoryProviderRelayStream(TimeProvider.System);

        // Relayed before the holder connects: committed before its reload, so the reload's business, not the consumer's.
        foreach (var id in new[] { "old-1", "old-2", "old-3" })
        {
            await relay.AppendAsync(Payload(Cancel(id)), default);
        }

        await using var holder = ProviderDesk.Start(gateway.Link, relay: link => new ProviderRelayConsumer(link, relay, TimeProvider.System, NullLogger<ProviderRelayConsumer>.Instance));
        await holder.WhenConnectedAsync();
        await Eventually.UntilAsync(() => holder.Relay!.Start.Connection >= 2, "the connect's reload noted where to read from");
        Assert.Equal("3-0", holder.Relay!.Start.From);

        await relay.AppendAsync(Payload(Cancel("new-1")), default);
        await relay.AppendAsync(Payload(Cancel("new-2")), default);
        await Eventually.UntilAsync(() => holder.Relay.Position == "5-0" && gateway.Engine.GetStatus().Requests.GetValueOrDefault("cancel") == 2, "both later requests reached the gateway");

        var status = gateway.Engine.GetStatus();
        Assert.Equal(2, status.Requests.GetValueOrDefault("cancel"));
        Assert.Equal(0, status.RepeatedRequests);
        Assert.Equal(2, holder.Relay.Forwarded);
        Assert.Equal(0, holder.Relay.Malformed);
    }

    [Fact]
    public async Task An_order_placed_on_an_instance_without_the_link_reaches_the_gateway_once_and_its_fill_comes_back_to_the_order()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        var relay = new InMemoryProviderRelayStream(TimeProvider.System);
        await using var holder = ProviderDesk.Start(gateway.Link, relay: link => new ProviderRelayConsumer(link, relay, TimeProvider.System, NullLogger<ProviderRelayConsumer>.Instance));
        await holder.WhenConnectedAsync();

        // The other instance: no link of its own (it does not hold job:provider), the holder's heartbeat says connected.
        var directory = new InMemoryInstanceDirectory(TimeProvider.System);
        var cluster = new ClusterOptions { Mode = ClusterMode.Leased, InstanceId = "market-b", HeartbeatInterval = TimeSpan.FromMilliseconds(100) };
        var notHolding = new ClusterCoordinator(new InMemoryLeaseStore(TimeProvider.System), directory, Options.Create(cluster), TimeProvider.System);
        await directory.BeatAsync(HolderHeartbeat(), cluster.HeartbeatTtl, default);
        ClusterProviderLink? clusterLink = null;
        await using var other = ProviderDesk.Start(
            gateway.Link,
            o => o.Enabled = false,
            store: holder.Store,
            trader: holder.Trader,
            engineLink: link => clusterLink = new ClusterProviderLink(
                link, notHolding, notHolding, relay, Options.Create(new ProviderLinkOptions()), Options.Create(cluster), TimeProvider.System, NullLogger<ClusterProviderLink>.Instance));
        using var stop = new CancellationTokenSource();
        var relaying = clusterLink!.RunAsync(stop.Token);
        await Eventually.UntilAsync(() => clusterLink.IsConnected, "the other instance sees the holder connected");
        other.Price("EURUSD", 1.08400m, 1.08412m);

        var placed = await other.Place(OrderType.Buy, 2m);
        Assert.True(placed.Accepted, placed.Detail);
        await Eventually.UntilAsync(async () => (await other.OrderAsync(placed.Order!.Id)).Status == OrderStatus.Open, "the relayed order is filled");

        var order = await other.OrderAsync(placed.Order!.Id);
        Assert.Equal((2m, (decimal?)1.08412m), (order.Volume, order.OpenPrice));
        var status = gateway.Engine.GetStatus();
        Assert.Equal(1, status.Requests.GetValueOrDefault("new_order"));
        Assert.Equal(0, status.RepeatedRequests);
        Assert.Equal((1L, 0L), (clusterLink.Relayed, clusterLink.RelayFailures));
        Assert.Equal(1, holder.Relay!.Forwarded);
        Assert.Equal(1, holder.Link.Snapshot().ReportsApplied);
        Assert.Equal(1, holder.Events("order_filled"));
        Assert.False(other.Link.IsConnected);

        await stop.CancelAsync();
        await relaying;
    }

    [Fact]
    public async Task A_request_relayed_while_the_link_is_down_goes_with_the_next_reload_and_the_relay_is_read_again_from_the_id_noted_before_it()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        var relay = new InMemoryProviderRelayStream(TimeProvider.System);
        await using var holder = ProviderDesk.Start(gateway.Link, relay: link => new ProviderRelayConsumer(link, relay, TimeProvider.System, NullLogger<ProviderRelayConsumer>.Instance));
        holder.Price("EURUSD", 1.08400m, 1.08412m);
        await holder.WhenConnectedAsync();
        await Eventually.UntilAsync(() => holder.Relay!.Start.Connection >= 2, "the first connect's reload noted where to read from");
        var first = holder.Relay!.Start.Connection;

        // Committed here and relayed as another instance would; the link is dropped before the frame is read.
        await gateway.PostAsync("/control/pause");
        var placed = (await holder.Place(OrderType.Buy)).Order!;
        await gateway.PostAsync("/control/drop");
        await relay.AppendAsync(Payload(ProviderRequests.NewOrder(placed)), default);
        await gateway.PostAsync("/control/resume");

        await Eventually.UntilAsync(() => holder.Relay.Start.Connection > first, "the reconnect's reload noted where to read from");
        await holder.WhenSettledAsync();
        Assert.Equal(OrderStatus.Open, (await holder.OrderAsync(placed.Id)).Status);
        Assert.Equal(1, holder.Events("order_filled"));
        Assert.Equal(1, holder.Link.Snapshot().ReportsApplied);
    }

    [Fact]
    public async Task A_relay_that_cannot_be_read_for_a_while_is_read_again_from_the_last_request_sent()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        var relay = new UnreadableRelay(new InMemoryProviderRelayStream(TimeProvider.System));
        await using var holder = ProviderDesk.Start(gateway.Link, relay: link => new ProviderRelayConsumer(link, relay, TimeProvider.System, NullLogger<ProviderRelayConsumer>.Instance));
        await holder.WhenConnectedAsync();
        await Eventually.UntilAsync(() => holder.Relay!.Start.Connection >= 2, "the connect's reload noted where to read from");
        await relay.AppendAsync(Payload(Cancel("new-1")), default);
        await Eventually.UntilAsync(() => gateway.Engine.GetStatus().Requests.GetValueOrDefault("cancel") == 1, "the first request reached the gateway");

        // The next two reads fail (the store is down): the one after goes on after new-1, not from the connect's id.
        relay.FailNext(2);
        await relay.AppendAsync(Payload(Cancel("new-2")), default);
        await Eventually.UntilAsync(
            () => holder.Relay!.Position == "2-0" && gateway.Engine.GetStatus().Requests.GetValueOrDefault("cancel") == 2,
            "the second request reached the gateway after the failed reads");

        Assert.Equal(2, holder.Relay!.Forwarded);

        Assert.Equal(2, holder.Relay.ReadFailures);
        Assert.Equal(0, gateway.Engine.GetStatus().RepeatedRequests);
    }

    private static CancelRequest Cancel(string id) => new() { ClientOrderId = id, OrderId = "o-" + id, Account = new AccountId(UserType.Live, 7), Symbol = "EURUSD" };

    private static byte[] Payload(ProviderMessage message)
    {
        var payload = new ArrayBufferWriter<byte>();
        ProviderMessageCodec.Encode(message, payload);
        return payload.WrittenSpan.ToArray();
    }

    private static InstanceRecord HolderHeartbeat() => new(
        "market-a",
        InstanceRecord.MarketRole,
        null,
        TimeProvider.System.GetUtcNow(),
        TimeProvider.System.GetUtcNow(),
        ClusterMode.Leased,
        new Dictionary<string, long> { ["job:provider"] = 1 },
        [],
        [],
        ProviderConnected: true);

    /// <summary>A relay whose next reads fail once told to, after reading (so a read waiting already fails too).</summary>
    private sealed class UnreadableRelay(IProviderRelayStream inner) : IProviderRelayStream
    {
        private int _failures;

        public void FailNext(int reads) => Volatile.Write(ref _failures, reads);

        public Task<string> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct) => inner.AppendAsync(payload, ct);

        public Task<string> LastIdAsync(CancellationToken ct) => inner.LastIdAsync(ct);

        public async Task<IReadOnlyList<ProviderRelayEntry>> ReadAsync(string afterId, int max, TimeSpan wait, CancellationToken ct)
        {
            var entries = await inner.ReadAsync(afterId, max, wait, ct);
            return Interlocked.Decrement(ref _failures) >= 0 ? throw new InvalidOperationException("the relay is down") : entries;
        }
    }
}
