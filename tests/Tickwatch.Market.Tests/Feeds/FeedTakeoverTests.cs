using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Feeds;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Tests.Cluster;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Feeds;

/// <summary>Two market instances on one lease store and one price store: one holds the feed and connects, the other waits without connecting and takes over when the first is cut off.</summary>
public sealed class FeedTakeoverTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly InMemoryLeaseStore _leases = new(TimeProvider.System);
    private readonly InMemoryInstanceDirectory _directory = new(TimeProvider.System);
    private readonly InMemoryPriceStore _prices = new(TimeProvider.System);
    private readonly List<Instance> _instances = [];

    [Fact]
    public async Task The_standby_never_connects_and_takes_the_feed_within_ttl_and_poll_after_the_holder_is_cut_off()
    {
        var stored = new StoredPrice
        {
            Symbol = "EURUSD",
            Bid = 1.08520m,
            Ask = 1.08540m,
            Feed = "json",
            ReceivedAt = DateTimeOffset.UtcNow,
            BookSequence = 41,
            Version = PriceVersion.Of(null, DateTimeOffset.UtcNow, null, 41),
        };
        await _prices.WriteAsync([stored], default);
        var a = Start("market-a");
        await Eventually.UntilAsync(() => a.Takeover.Takeovers == 1 && a.Venue.Accepted > 0, "market-a holds the feed and connects");
        var b = Start("market-b");
        await Eventually.UntilAsync(() => b.Coordinator.Wanted.Count == 1, "market-b competes for the feed");
        var heldByA = await a.Coordinator.WaitForAsync(LeaseName.Feed("json"), default);

        var connectedWhileStandby = b.Venue.Accepted;
        var cutAt = Stopwatch.GetTimestamp();
        a.Store.Cut();
        await Eventually.UntilAsync(() => b.Takeover.Takeovers == 1, "market-b takes the feed over", Deadline);
        var takeover = Stopwatch.GetElapsedTime(cutAt);

        Assert.Equal(0, connectedWhileStandby);
        Assert.True(takeover < Options.LeaseTtl + Options.AcquirePoll + TimeSpan.FromSeconds(1), $"took {takeover}");
        Assert.False(a.Coordinator.Holds(LeaseName.Feed("json"), out _));
        await Eventually.UntilAsync(() => b.Venue.Accepted > 0, "market-b connects to the venue");
        Assert.True(b.Coordinator.Holds(LeaseName.Feed("json"), out var tokenB));
        Assert.True(tokenB > heldByA.Token);

        // Sealed before the warm-up: market-a's token can no longer write, and the book continued from the stored price.
        var late = await _prices.WriteAsync([stored with { Bid = 1.2m, Ask = 1.2002m, BookSequence = 42, Version = PriceVersion.Of(null, DateTimeOffset.UtcNow.AddSeconds(1), null, 42), FenceToken = heldByA.Token }], default);
        Assert.Equal(PriceWriteOutcome.RefusedFenced, late[0].Outcome);
        Assert.Equal(tokenB, late[0].Fence);
        var quote = b.Book.GetQuote("EURUSD");
        Assert.NotNull(quote);
        Assert.True(quote.IsReplicated);
        Assert.Equal(41, quote.BookSequence);
        Assert.Equal(1.08520m, quote.Bid);
    }

    [Fact]
    public async Task A_takeover_whose_seal_cannot_reach_the_store_waits_before_competing_again_instead_of_spinning()
    {
        // As in a Redis failover (CLUSTERDOWN, a key's slot served elsewhere): every seal fails. The store still names
        // this instance as the holder, so the lease comes back at once; only the takeover's own pause spaces the retries.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var fences = new FailingFenceStore(time);
        var options = new ClusterOptions { Mode = ClusterMode.Leased, InstanceId = "market-a", LeaseTtl = Options.LeaseTtl, RenewInterval = Options.RenewInterval, SafetyMargin = Options.SafetyMargin, AcquirePoll = Options.AcquirePoll };
        var coordinator = new ClusterCoordinator(_leases, _directory, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
        var symbols = new SymbolRegistry([SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(5))], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(5)), acceptUnlisted: false);
        using var venue = new CountingVenue();
        using var listener = new FeedListener(new FeedOptions { Name = "json", Protocol = FeedProtocol.Json, Url = new Uri($"ws://127.0.0.1:{venue.Port}/ws") }, FeedCodecs.CreateCodec(FeedProtocol.Json, symbols), new NullSink(), TimeProvider.System, NullLogger<FeedListener>.Instance);
        var takeover = new FeedTakeover(listener, ["EURUSD"], coordinator, _leases, fences, _prices, new PriceBook(symbols, TimeProvider.System), NullLogger.Instance, coordinator, time: time);
        using var stop = new CancellationTokenSource();
        var runs = new[] { coordinator.RunAsync(stop.Token), takeover.RunAsync(stop.Token) };

        await Eventually.UntilAsync(() => takeover.FailedTakeovers >= 1, "the first takeover fails on the seal", Deadline);
        await Eventually.UntilAsync(
            () =>
            {
                if (fences.Calls < 2)
                {
                    time.Advance(TimeSpan.FromMilliseconds(10));
                }

                return fences.Calls >= 2;
            },
            "the takeover tries again",
            Deadline);
        await stop.CancelAsync();
        await Task.WhenAll(runs.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(Deadline);

        Assert.True(fences.Gap >= FeedTakeover.RetryAfterStoreFailure, $"the second seal came {fences.Gap.TotalMilliseconds} ms of the takeover's clock after the first");
        Assert.Equal(0, venue.Accepted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    private static ClusterOptions Options { get; } = new()
    {
        Mode = ClusterMode.Leased,
        LeaseTtl = TimeSpan.FromMilliseconds(800),
        RenewInterval = TimeSpan.FromMilliseconds(100),
        SafetyMargin = TimeSpan.FromMilliseconds(100),
        AcquirePoll = TimeSpan.FromMilliseconds(100),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        HeartbeatTtl = TimeSpan.FromSeconds(1),
    };

    private Instance Start(string id)
    {
        var instance = new Instance(id, _leases, _directory, _prices);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>One market instance's part of a takeover: its coordinator, book, feed listener (to a venue that counts connections) and takeover.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly FeedListener _listener;
        private readonly Task _coordinatorRun;
        private readonly Task _takeoverRun;

        public Instance(string id, ILeaseStore leases, IInstanceDirectory directory, InMemoryPriceStore prices)
        {
            var options = new ClusterOptions
            {
                Mode = ClusterMode.Leased,
                InstanceId = id,
                LeaseTtl = FeedTakeoverTests.Options.LeaseTtl,
                RenewInterval = FeedTakeoverTests.Options.RenewInterval,
                SafetyMargin = FeedTakeoverTests.Options.SafetyMargin,
                AcquirePoll = FeedTakeoverTests.Options.AcquirePoll,
                HeartbeatInterval = FeedTakeoverTests.Options.HeartbeatInterval,
                HeartbeatTtl = FeedTakeoverTests.Options.HeartbeatTtl,
            };
            Store = new CuttableLeaseStore(leases);
            Coordinator = new ClusterCoordinator(Store, directory, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
            var symbols = new SymbolRegistry([SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(5))], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(5)), acceptUnlisted: false);
            Book = new PriceBook(symbols, TimeProvider.System);
            Venue = new CountingVenue();
            var feed = new FeedOptions { Name = "json", Protocol = FeedProtocol.Json, Url = new Uri($"ws://127.0.0.1:{Venue.Port}/ws") };
            _listener = new FeedListener(feed, FeedCodecs.CreateCodec(FeedProtocol.Json, symbols), new NullSink(), TimeProvider.System, NullLogger<FeedListener>.Instance);
            Takeover = new FeedTakeover(_listener, ["EURUSD"], Coordinator, Store, prices, prices, Book, NullLogger.Instance, Coordinator);
            _coordinatorRun = Coordinator.RunAsync(_stop.Token);
            _takeoverRun = Takeover.RunAsync(_stop.Token);
        }

        public CuttableLeaseStore Store { get; }

        public ClusterCoordinator Coordinator { get; }

        public PriceBook Book { get; }

        public CountingVenue Venue { get; }

        public FeedTakeover Takeover { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_coordinatorRun, _takeoverRun).WaitAsync(Deadline);
            _listener.Dispose();
            Venue.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>A loopback TCP server that accepts connections and counts them (it never answers the WebSocket handshake).</summary>
    private sealed class CountingVenue : IDisposable
    {
        private readonly TcpListener _server = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _clients = [];
        private int _accepted;

        public CountingVenue()
        {
            _server.Start();
            Port = ((IPEndPoint)_server.LocalEndpoint).Port;
            Accepting = AcceptAsync();
        }

        public int Port { get; }

        public Task Accepting { get; }

        public int Accepted => Volatile.Read(ref _accepted);

        public void Dispose()
        {
            _server.Stop();
            lock (_clients)
            {
                _clients.ForEach(c => c.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _server.AcceptTcpClientAsync().ConfigureAwait(false);
                    Interlocked.Increment(ref _accepted);
                    lock (_clients)
                    {
                        _clients.Add(client);
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>A fence store whose every seal fails as the store's do when Redis cannot serve it; notes on the takeover's clock when the first two came.</summary>
    private sealed class FailingFenceStore(TimeProvider time) : IPriceFenceStore
    {
        private readonly Lock _gate = new();
        private readonly List<DateTimeOffset> _calls = [];

        public int Calls
        {
            get
            {
                lock (_gate)
                {
                    return _calls.Count;
                }
            }
        }

        public TimeSpan Gap
        {
            get
            {
                lock (_gate)
                {
                    return _calls[1] - _calls[0];
                }
            }
        }

        public Task<PriceFenceSeal> SealAsync(string feed, long token, IReadOnlyList<string> symbols, CancellationToken ct)
        {
            lock (_gate)
            {
                _calls.Add(time.GetUtcNow());
            }

            throw new PriceStoreException("ERR Script attempted to access a non local key in a cluster node script");
        }
    }

    private sealed class NullSink : IPriceUpdateSink
    {
        public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
        {
        }
    }
}
