using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>Joins and leaves of one symbol raced from many clients: exactly one store subscription while anyone watches, none after.</summary>
public sealed class SymbolStreamRegistryUnitTests
{
    private const string Symbol = "EURUSD";

    [Fact]
    public async Task Racing_joins_and_leaves_of_one_symbol_keep_one_store_subscription_while_anyone_watches_and_none_after()
    {
        const int Clients = 8;
        const int Rounds = 200;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
        var prices = new SharedPrices(time);
        var subscriber = new CountingSubscriber();
        var hub = Hub(prices, subscriber, time);
        var registry = new SymbolStreamRegistry(prices.Store, subscriber, time, TimeSpan.FromSeconds(30), new StreamStatistics(), NullLogger.Instance);
        Assert.True(prices.Symbols.TryGet(Symbol, out var settings));
        var sessions = Enumerable.Range(1, Clients).Select(i => Session(hub, time, i)).ToArray();
        try
        {
            var joinedRetired = 0;
            await Task.WhenAll(sessions.Select(session => Task.Run(async () =>
            {
                for (var round = 0; round < Rounds; round++)
                {
                    var joined = await registry.JoinAsync(settings, session, default) ?? throw new InvalidOperationException("a join failed");
                    // While this client watches it, its symbol is live and fed by the store.
                    if (joined.Stream.Retired || joined.Stream.Subscription is null)
                    {
                        Interlocked.Increment(ref joinedRetired);
                    }

                    session.RemoveSubscription(Symbol);
                    await registry.LeaveAsync(joined);
                }

                // Every other client stays.
                if (session.Id % 2 == 0)
                {
                    _ = await registry.JoinAsync(settings, session, default) ?? throw new InvalidOperationException("the last join failed");
                }
            })));

            Assert.Equal(0, joinedRetired);
            Assert.Equal(1, subscriber.MaxActive);
            Assert.Equal(1, subscriber.Active);
            Assert.Equal(subscriber.Subscribes - 1, subscriber.Unsubscribes);
            var stream = Assert.Single(registry.Streams);
            Assert.False(stream.Retired);
            Assert.Equal(Clients / 2, stream.SubscriberCount);
            var stayers = sessions.Where(s => s.Id % 2 == 0).ToArray();
            Assert.All(stayers, s => Assert.Same(stream, Assert.Single(s.SubscriptionSnapshot).Stream));

            // The stayers' stream is the one the store feeds.
            subscriber.Publish(MarketPriceWriter.Price(Symbol, 7, 1.0850m, 1.0851m, time.GetUtcNow()));
            Assert.Equal(7, stream.Latest!.Sequence);

            // The last ones leave, racing a newcomer that joins and leaves again: nothing is left subscribed.
            var newcomer = Session(hub, time, Clients + 1);
            await Task.WhenAll(
                [
                    .. stayers.Select(s => Task.Run(() => registry.LeaveAsync(s.RemoveSubscription(Symbol)!))),
                    Task.Run(async () =>
                    {
                        var joined = await registry.JoinAsync(settings, newcomer, default);
                        newcomer.RemoveSubscription(Symbol);
                        await registry.LeaveAsync(joined!);
                    }),
                ]);
            newcomer.Dispose();

            Assert.Equal(0, subscriber.Active);
            Assert.Equal(1, subscriber.MaxActive);
            Assert.Equal(subscriber.Subscribes, subscriber.Unsubscribes);
            Assert.Empty(registry.Streams);
        }
        finally
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_failed_first_store_subscription_leaves_nothing_behind_and_the_next_join_subscribes_again()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
        var prices = new SharedPrices(time);
        var subscriber = new CountingSubscriber();
        var hub = Hub(prices, subscriber, time);
        var statistics = new StreamStatistics();
        var failing = new GatedSubscriber(subscriber, Symbol);
        var registry = new SymbolStreamRegistry(prices.Store, failing, time, TimeSpan.FromSeconds(5), statistics, NullLogger.Instance);
        Assert.True(prices.Symbols.TryGet(Symbol, out var settings));
        using var session = Session(hub, time, 1);

        // The store does not answer within the upstream timeout.
        var joining = registry.JoinAsync(settings, session, default);
        await failing.Entered;
        time.Advance(TimeSpan.FromSeconds(5));
        var failed = await joining;

        Assert.Null(failed);
        Assert.Equal(1, statistics.SubscribeFailures);
        Assert.Empty(registry.Streams);
        Assert.Empty(session.SubscriptionSnapshot);

        failing.Open();
        var joined = await registry.JoinAsync(settings, session, default);
        Assert.NotNull(joined);
        Assert.Same(joined.Stream, Assert.Single(registry.Streams));
        Assert.Equal(1, subscriber.Active);
    }

    private static LivePriceStream Hub(SharedPrices prices, CountingSubscriber subscriber, TimeProvider time) =>
        new(prices.Store, subscriber, prices.Portfolios, prices.Orders, prices.Symbols, time, Options.Create(new StreamOptions()), Options.Create(new GatewayOptions()), Options.Create(new JwtOptions()), NullLogger<LivePriceStream>.Instance);

    // A session on a socket over nothing: the registry only adds and removes its subscriptions.
    private static ClientSession Session(LivePriceStream hub, TimeProvider time, int id) =>
        new(id, "live:" + id, "test", WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true }), hub, new StreamOptions(), time, NullLogger.Instance);
}
