using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Tests.Cluster;

namespace Tickwatch.Trading.Tests.ProviderLink;

/// <summary>The cluster's provider link: the holder sends on its own link, the others relay, and whether anyone is connected comes from the heartbeats.</summary>
public sealed class ClusterProviderLinkUnitTests : IAsyncDisposable
{
    private static readonly LeaseName Provider = LeaseName.Job(ClusterJobs.Provider);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ClusterOptions _cluster = new() { Mode = ClusterMode.Leased, HeartbeatInterval = TimeSpan.FromSeconds(1), HeartbeatTtl = TimeSpan.FromSeconds(5) };
    private readonly RecordingProviderLink _local = new() { IsConnected = false };
    private readonly FakeLeaseHolder _leases = new("market-b");
    private readonly Heartbeats _heartbeats = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    [Fact]
    public void The_holder_sends_on_its_own_link_and_relays_nothing()
    {
        var relay = new InMemoryProviderRelayStream(_time);
        var link = Link(relay);
        _leases.Grant(Provider);
        _local.IsConnected = true;

        Assert.True(link.IsHolder);
        Assert.True(link.IsConnected);
        Assert.True(link.TrySend(Cancel("c-1")));

        Assert.Equal("c-1", Assert.Single(_local.Sent).ClientOrderId);
        Assert.Equal(0, relay.Count);
        Assert.Equal(0, link.Relayed);
    }

    [Fact]
    public void The_holder_whose_link_is_down_refuses_on_its_own_link_whatever_the_others_say()
    {
        var link = Link(new InMemoryProviderRelayStream(_time));
        _leases.Grant(Provider);
        _heartbeats.Set(Instance("market-a", providerConnected: true));

        Assert.False(link.IsConnected);
        Assert.False(link.TrySend(Cancel("c-1")));
        Assert.Empty(_local.Sent);
        Assert.Equal(0, link.RefusedNoHolder);
    }

    [Fact]
    public async Task A_non_holder_refuses_while_no_live_instance_reports_a_connected_link()
    {
        var relay = new InMemoryProviderRelayStream(_time);
        var link = Link(relay);
        _heartbeats.Set(Instance("market-a", providerConnected: false), Instance("market-b", providerConnected: true));
        await link.RefreshAsync(default);

        // Its own heartbeat (left from when it held the link) does not count.
        Assert.False(link.IsHolder);
        Assert.False(link.IsConnected);
        Assert.False(link.TrySend(Cancel("c-1")));

        Assert.Equal(1, link.RefusedNoHolder);
        Assert.Equal(0, relay.Count);
        Assert.Empty(_local.Sent);
    }

    [Fact]
    public async Task A_non_holder_is_connected_while_a_fresh_heartbeat_says_the_holder_is_and_not_once_that_heartbeat_is_stale()
    {
        var link = Link(new InMemoryProviderRelayStream(_time));
        _heartbeats.Set(Instance("market-a", providerConnected: true));
        Assert.False(link.IsConnected);

        await link.RefreshAsync(default);
        Assert.True(link.IsConnected);

        // Not read again (the registry cannot be reached): trusted for HeartbeatTtl, no longer.
        _time.Advance(_cluster.HeartbeatTtl);
        Assert.True(link.IsConnected);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(link.IsConnected);

        // Read again: the holder's link went down.
        _heartbeats.Set(Instance("market-a", providerConnected: false));
        await link.RefreshAsync(default);
        Assert.False(link.IsConnected);
    }

    [Fact]
    public async Task A_non_holder_reads_the_heartbeats_every_heartbeat_interval_while_it_runs()
    {
        var link = Link(new InMemoryProviderRelayStream(_time));
        Start(link);
        await Eventually.UntilAsync(() => _heartbeats.Reads >= 1, "the first read");
        Assert.False(link.IsConnected);

        _heartbeats.Set(Instance("market-a", providerConnected: true));
        await Eventually.UntilAsync(
            () =>
            {
                _time.Advance(_cluster.HeartbeatInterval);
                return link.IsConnected;
            },
            "the next read sees the holder connected");
    }

    [Fact]
    public async Task A_non_holder_relays_each_request_as_its_messagepack_payload_in_order()
    {
        var relay = new InMemoryProviderRelayStream(_time);
        var link = Link(relay);
        _heartbeats.Set(Instance("market-a", providerConnected: true));
        await link.RefreshAsync(default);
        Start(link);

        var order = new NewOrderRequest { ClientOrderId = "o-1-new-1", OrderId = "o-1", Account = new AccountId(UserType.Live, 42), Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1.5m };
        Assert.True(link.TrySend(order));
        Assert.True(link.TrySend(Cancel("c-2")));
        await Eventually.UntilAsync(() => link.Relayed == 2, "both appended");

        var entries = await relay.ReadAsync(ProviderRelayEntry.Start, 10, TimeSpan.Zero, default);
        Assert.Equal([order, Cancel("c-2")], entries.Select(Decode));
        Assert.Empty(_local.Sent);
        Assert.Equal(0, link.Waiting);
    }

    [Fact]
    public async Task An_append_that_fails_is_tried_again_in_order_and_counted()
    {
        var relay = new FailingRelay(new InMemoryProviderRelayStream(_time), failures: 2);
        var link = Link(relay);
        _heartbeats.Set(Instance("market-a", providerConnected: true));
        await link.RefreshAsync(default);
        Start(link);

        Assert.True(link.TrySend(Cancel("c-1")));
        Assert.True(link.TrySend(Cancel("c-2")));
        await Eventually.UntilAsync(
            () =>
            {
                _time.Advance(ClusterProviderLink.RetryDelay);
                return link.Relayed == 2;
            },
            "both appended after the retries");

        Assert.Equal(2, link.RelayFailures);
        var entries = await relay.ReadAsync(ProviderRelayEntry.Start, 10, TimeSpan.Zero, default);
        Assert.Equal(["c-1", "c-2"], entries.Select(e => Decode(e).ClientOrderId));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private ClusterProviderLink Link(IProviderRelayStream relay) => new(
        _local,
        _leases,
        _heartbeats,
        relay,
        Options.Create(new ProviderLinkOptions { SendQueueCapacity = 100 }),
        Options.Create(_cluster),
        _time,
        NullLogger<ClusterProviderLink>.Instance);

    private void Start(ClusterProviderLink link) => _run = link.RunAsync(_stop.Token);

    private static CancelRequest Cancel(string id) => new() { ClientOrderId = id, OrderId = "o-" + id, Account = new AccountId(UserType.Live, 42), Symbol = "EURUSD" };

    private static ProviderMessage Decode(ProviderRelayEntry entry)
    {
        Assert.Equal(ProviderFrameError.None, ProviderMessageCodec.Decode(new ReadOnlySequence<byte>(entry.Payload), out var message, out var detail));
        return message ?? throw new InvalidOperationException(detail);
    }

    private InstanceRecord Instance(string id, bool providerConnected) => new(
        id, InstanceRecord.MarketRole, null, _time.GetUtcNow(), _time.GetUtcNow(), ClusterMode.Leased, new Dictionary<string, long>(), [], [], providerConnected);

    /// <summary>The live instances as the test sets them.</summary>
    private sealed class Heartbeats : IInstanceRegistry
    {
        private volatile InstanceRecord[] _instances = [];
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public InstanceRecord Self => _instances.First();

        public void Set(params InstanceRecord[] instances) => _instances = instances;

        public Task<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult<IReadOnlyList<InstanceRecord>>(_instances);
        }
    }

    /// <summary>A relay whose first appends fail, as Redis unreachable.</summary>
    private sealed class FailingRelay(IProviderRelayStream inner, int failures) : IProviderRelayStream
    {
        private int _failures = failures;

        public Task<string> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct) =>
            Interlocked.Decrement(ref _failures) >= 0 ? throw new InvalidOperationException("the relay is down") : inner.AppendAsync(payload, ct);

        public Task<string> LastIdAsync(CancellationToken ct) => inner.LastIdAsync(ct);

        public Task<IReadOnlyList<ProviderRelayEntry>> ReadAsync(string afterId, int max, TimeSpan wait, CancellationToken ct) => inner.ReadAsync(afterId, max, wait, ct);
    }
}
