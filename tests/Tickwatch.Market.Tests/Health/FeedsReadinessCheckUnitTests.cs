using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Health;
using Tickwatch.Market.Tests.Cluster;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Tests.Health;

/// <summary>The feeds readiness check: a feed written here must deliver; a standby is ready on fresh replicated prices; a feed nobody holds is not ready.</summary>
public sealed class FeedsReadinessCheckUnitTests : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero));
    private readonly InMemoryLeaseStore _leases;
    private readonly PriceBook _book;

    // Never started: it neither connects nor delivers, as a standby's listener.
    private readonly FeedListener _listener;

    public FeedsReadinessCheckUnitTests()
    {
        _leases = new InMemoryLeaseStore(_time);
        var symbols = new SymbolRegistry([SymbolDefaults.For("EURUSD", InstrumentKind.Forex, MaxAge)], s => SymbolDefaults.For(s, null, MaxAge), acceptUnlisted: false);
        _book = new PriceBook(symbols, _time);
        var feed = new FeedOptions { Name = "json", Protocol = FeedProtocol.Json, Url = new Uri("ws://127.0.0.1:1/ws") };
        _listener = new FeedListener(feed, FeedCodecs.CreateCodec(FeedProtocol.Json, symbols), new NullSink(), _time, NullLogger<FeedListener>.Instance);
    }

    [Fact]
    public async Task In_single_mode_a_feed_not_delivering_is_not_ready_even_with_a_fresh_book()
    {
        Replicate();

        var result = await CheckAsync(new FakeLeaseHolder("market-a", ClusterMode.Single));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("feed json is not running (state ", result.Description, StringComparison.Ordinal);
        Assert.False(result.Data.ContainsKey("feeds_standby"));
    }

    [Fact]
    public async Task A_standby_is_ready_while_the_replicated_prices_are_fresh()
    {
        await HoldAsync("market-b");
        Replicate();

        var result = await CheckAsync(new FakeLeaseHolder("market-a"));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("standby: json held by market-b, replicated prices fresh (1/1 symbols fresh", result.Description, StringComparison.Ordinal);
        var standby = Assert.IsType<Dictionary<string, object>>(result.Data["feeds_standby"]);
        Assert.Equal("market-b", standby["json"]);
        Assert.Equal(true, result.Data["replicated_fresh"]);
    }

    [Fact]
    public async Task A_standby_whose_replicated_prices_went_stale_is_not_ready()
    {
        await HoldAsync("market-b");
        Replicate();
        _time.Advance(MaxAge + TimeSpan.FromSeconds(1));

        var result = await CheckAsync(new FakeLeaseHolder("market-a"));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("standby (json held by market-b) but the replicated prices are not fresh: 0/1 symbols fresh", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_held_by_no_instance_is_not_ready_even_with_a_fresh_book()
    {
        Replicate();

        var result = await CheckAsync(new FakeLeaseHolder("market-a"));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("feed json is held by no instance: nobody connects it or writes its prices", result.Description);
        Assert.Equal(["json"], (string[])result.Data["feeds_unheld"]);
    }

    [Fact]
    public async Task A_feed_written_here_that_does_not_deliver_is_not_ready_in_leased_mode()
    {
        await HoldAsync("market-a");
        Replicate();

        var result = await CheckAsync(new FakeLeaseHolder("market-a", ClusterMode.Leased, LeaseName.Feed("json")));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("feed json is not running (state ", result.Description, StringComparison.Ordinal);
    }

    public void Dispose() => _listener.Dispose();

    private Task<HealthCheckResult> CheckAsync(ILeaseHolder holder) =>
        new FeedsReadinessCheck(new FeedListenerSet([_listener]), new FeedRoles(holder, _leases), _book, Options.Create(new HealthOptions()))
            .CheckHealthAsync(new HealthCheckContext());

    // A lease long enough to outlive the clock moves of a test.
    private async Task HoldAsync(string instance) =>
        Assert.NotNull(await _leases.TryAcquireAsync(LeaseName.Feed("json"), instance, TimeSpan.FromMinutes(1), 0, default));

    // The writer's price as the price channel brings it to a standby.
    private void Replicate()
    {
        var at = _time.GetUtcNow();
        Assert.NotNull(_book.ApplyReplicated(new Quote
        {
            Symbol = "EURUSD",
            Bid = 1.08520m,
            Ask = 1.08540m,
            Feed = "json",
            ReceivedAt = at,
            BookSequence = 1,
            Version = PriceVersion.Of(null, at, null, 1),
            IsReplicated = true,
        }));
    }

    private sealed class NullSink : IPriceUpdateSink
    {
        public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
        {
        }
    }
}
