using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.IntegrationTests.Trading;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Tests;

namespace Tickwatch.IntegrationTests.Cluster;

/// <summary>
/// The provider link of a leased cluster on the real Redis Cluster (D14): two trading compositions, each with its lease
/// holder on a <see cref="RedisLeaseStore"/> and heartbeats in <see cref="RedisInstanceDirectory"/>, the relay on
/// <c>provider_relay</c>, and the real execution gateway.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ProviderRelayOnRedisTests(RedisClusterFixture cluster)
{
    private static readonly LeaseName Provider = LeaseName.Job(ClusterJobs.Provider);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_order_placed_on_the_instance_without_the_link_is_filled_once_and_the_survivor_of_the_holder_sends_what_was_in_flight_again()
    {
        await cluster.EnsureHealthyAsync();
        await using var gateway = await LoopbackExecGateway.StartAsync();
        using var control = new HttpClient { BaseAddress = ExecGatewayHost.GetControlAddress(gateway), Timeout = Eventually.DefaultTimeout };
        var store = new RedisTradingStore(cluster.Connection);
        await TradingSeeder.ApplyAsync(TradingSeed.Embedded(), store, default);
        var trader = new AccountId(UserType.Live, 800_000_000 + Random.Shared.Next(100_000_000));
        await store.PutAccountAsync(new TradingAccount { Id = trader, WalletBalance = 1_000_000m, Leverage = 100m, Group = "Standard", Route = ExecutionRoute.Provider }, default);

        // Whoever ran before (another test, an earlier run) has let job:provider go: A takes it, B does not.
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var a = Node.Start("relay-a-" + suffix, cluster, ExecGatewayHost.GetLinkEndPoint(gateway));
        await Eventually.UntilAsync(() => a.Coordinator.Holds(Provider, out _) && a.Link.IsConnected, "a holds the provider link, connected", Deadline);
        await using var b = Node.Start("relay-b-" + suffix, cluster, ExecGatewayHost.GetLinkEndPoint(gateway));
        await Eventually.UntilAsync(() => b.ClusterLink.IsConnected, "b sees a's link connected in a's heartbeat", Deadline);
        Assert.False(b.ClusterLink.IsHolder);
        Assert.False(b.Link.IsConnected);

        // Placed on B: committed there, relayed, sent by A, filled, and the fill applied by A to the shared store.
        b.Price(1.08400m, 1.08412m);
        var first = await b.BuyAsync(trader);
        await Eventually.UntilAsync(async () => (await store.ReadOrderAsync(trader, first.Id, default))!.Status == OrderStatus.Open, "the relayed order is filled", Deadline);
        var filled = (await store.ReadOrderAsync(trader, first.Id, default))!;
        Assert.Equal((1m, (decimal?)1.08412m), (filled.Volume, filled.OpenPrice));
        var status = ExecGatewayHost.GetEngine(gateway).GetStatus();
        Assert.Equal((1L, 0L), (status.Requests.GetValueOrDefault("new_order"), status.RepeatedRequests));
        Assert.Equal((1L, 0L, 0L), (b.ClusterLink.Relayed, b.ClusterLink.RelayFailures, b.ClusterLink.RefusedNoHolder));
        Assert.Equal(1L, a.Consumer.Forwarded);
        Assert.Equal(1, a.Link.Snapshot().ReportsApplied);

        // A second order relayed and filled at the gateway, whose report A never gets: A stops with it in flight.
        (await control.PostAsync("/control/pause", null)).EnsureSuccessStatusCode();
        var second = await b.BuyAsync(trader);
        await Eventually.UntilAsync(() => ExecGatewayHost.GetEngine(gateway).GetStatus().Reports.GetValueOrDefault("EXECUTED") >= 2, "the gateway filled the second order", Deadline);
        await a.DisposeAsync();
        (await control.PostAsync("/control/resume", null)).EnsureSuccessStatusCode();

        // B takes the link over and sends again what the store holds in flight: the gateway answers the repeat once.
        await Eventually.UntilAsync(() => b.Coordinator.Holds(Provider, out _) && b.Link.IsConnected, "b holds the provider link, connected", Deadline);
        await Eventually.UntilAsync(async () => (await store.ReadOrderAsync(trader, second.Id, default))!.Status == OrderStatus.Open, "the order in flight is filled through b", Deadline);
        status = ExecGatewayHost.GetEngine(gateway).GetStatus();
        Assert.Equal(2L, status.Requests.GetValueOrDefault("new_order") - status.RepeatedRequests);
        Assert.True(b.Link.Snapshot().Resent >= 1);
        Assert.Equal(2, (await store.ReadOutboxAsync(trader, default)).Count(e => e.Contains("\"order_filled\"", StringComparison.Ordinal)));
        Assert.True(b.ClusterLink.IsHolder);
        await gateway.StopAsync();
    }


    /// <summary>One market service's trading half in a leased cluster: coordinator, provider link under job:provider with its relay consumer, cluster link for the engine.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _runs = [];
        private int _keys;
        private bool _stopped;

        private Node(string id, RedisClusterFixture cluster, IPEndPoint gateway)
        {
            var clusterOptions = Options.Create(new ClusterOptions
            {
                Mode = ClusterMode.Leased,
                InstanceId = id,
                HeartbeatInterval = TimeSpan.FromMilliseconds(200),
                HeartbeatTtl = TimeSpan.FromSeconds(1),
            });
            var linkOptions = Options.Create(new ProviderLinkOptions
            {
                Enabled = true,
                Host = gateway.Address.ToString(),
                Port = gateway.Port,
                ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            });
            Store = new RedisTradingStore(cluster.Connection);
            Book = new PriceBook(TradingDesk.StandardSymbols(), TimeProvider.System);
            Link = new ProviderConnectionManager(linkOptions, TimeProvider.System, NullLogger<ProviderConnectionManager>.Instance);
            Coordinator = new ClusterCoordinator(
                new RedisLeaseStore(cluster.Connection, TimeProvider.System), new RedisInstanceDirectory(cluster.Connection), clusterOptions, TimeProvider.System, provider: Link);
            var relay = new RedisProviderRelayStream(cluster.Connection, TimeProvider.System);
            ClusterLink = new ClusterProviderLink(
                Link, Coordinator, Coordinator, relay, linkOptions, clusterOptions, TimeProvider.System, NullLogger<ClusterProviderLink>.Instance);
            Engine = new TradingEngine(
                Store,
                Book,
                Options.Create(new TradingOptions { MaxExecutionQuoteAge = TimeSpan.FromMinutes(1) }),
                TimeProvider.System,
                NullLogger<TradingEngine>.Instance,
                provider: ClusterLink);
            Consumer = new ProviderRelayConsumer(Link, relay, TimeProvider.System, NullLogger<ProviderRelayConsumer>.Instance);
            Connection = new LeasedService(new ProviderConnectionService(Link, Engine, Consumer), ClusterJobs.Provider, Coordinator, NullLogger<LeasedService>.Instance);
            Relaying = new LeasedService(Consumer, ClusterJobs.Provider, Coordinator, NullLogger<LeasedService>.Instance);
        }

        public RedisTradingStore Store { get; }

        public PriceBook Book { get; }

        public ProviderConnectionManager Link { get; }

        public ClusterCoordinator Coordinator { get; }

        public ClusterProviderLink ClusterLink { get; }

        public TradingEngine Engine { get; }

        public ProviderRelayConsumer Consumer { get; }

        private LeasedService Connection { get; }

        private LeasedService Relaying { get; }

        public static Node Start(string id, RedisClusterFixture cluster, IPEndPoint gateway)
        {
            var node = new Node(id, cluster, gateway);
            foreach (var service in new Func<CancellationToken, Task>[] { node.Coordinator.RunAsync, node.ClusterLink.RunAsync, node.Connection.RunAsync, node.Relaying.RunAsync })
            {
                node._runs.Add(Task.Run(() => service(node._stop.Token)));
            }

            return node;
        }

        public void Price(decimal bid, decimal ask)
        {
            var outcome = Book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = bid, Ask = ask, Feed = "json", ReceivedAt = TimeProvider.System.GetUtcNow() });
            Assert.NotNull(outcome.Quote);
        }

        public async Task<Order> BuyAsync(AccountId trader)
        {
            var outcome = await Engine.PlaceAsync(
                new PlaceOrder { Account = trader, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = $"relay-{Guid.NewGuid():N}-{Interlocked.Increment(ref _keys)}" },
                default);
            Assert.True(outcome.Accepted, outcome.Detail);
            Assert.Equal(OrderStatus.Queued, outcome.Order!.Status);
            return outcome.Order;
        }

        // A graceful stop: the coordinator releases job:provider, so the other instance takes it at once.
        public async ValueTask DisposeAsync()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await _stop.CancelAsync();
            foreach (var run in _runs)
            {
                try
                {
                    await run.WaitAsync(Deadline);
                }
                catch (OperationCanceledException)
                {
                    // The leased services end with the stop's cancellation.
                }
            }

            Consumer.Dispose();
            _stop.Dispose();
        }
    }
}
