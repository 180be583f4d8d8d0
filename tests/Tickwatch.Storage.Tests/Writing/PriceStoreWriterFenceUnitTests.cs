using System.Collections.Concurrent;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Tests.Contract;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage.Tests.Writing;

/// <summary>The writer in cluster mode: each feed's prices carry its lease token, a fenced refusal drops the lease, replicated quotes are not written back.</summary>
public sealed class PriceStoreWriterFenceUnitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);
    private readonly InMemoryPriceStore _store = new(TimeProvider.System);
    private readonly InMemoryPriceAnnouncements _hub = new();
    private readonly TestFence _fence = new();

    [Fact]
    public async Task A_price_carries_its_feeds_token_and_seals_the_fence()
    {
        _fence.Tokens["json"] = 7;
        var writer = NewWriter();

        var statistics = await WriterRuns.UntilIdleAsync(writer, Quote("EURUSD", 1.1m, 1));

        Assert.Equal(1, statistics.Written);
        Assert.Equal(new PriceFenceSeal(0, 7), await _store.SealAsync("json", 6, ["EURUSD"], default));
    }

    [Fact]
    public async Task A_write_refused_by_the_fence_is_counted_not_stored_and_drops_the_feeds_lease()
    {
        await _store.SealAsync("json", 9, ["EURUSD"], default);
        _fence.Tokens["json"] = 8;
        var writer = NewWriter();

        var statistics = await WriterRuns.UntilIdleAsync(writer, Quote("EURUSD", 1.1m, 1));

        Assert.Equal(1, statistics.RefusedFenced);
        Assert.Equal(new Dictionary<string, long> { ["json"] = 1 }, writer.RefusedFencedByFeed());
        Assert.Equal(0, statistics.Written);
        Assert.Null(await _store.ReadAsync("EURUSD", default));
        Assert.Equal([("json", 9L)], _fence.Refusals);
        Assert.False(_fence.TryGetToken("json", out _));
    }

    [Fact]
    public async Task Quotes_of_a_feed_not_held_and_replicated_quotes_are_not_written()
    {
        var writer = NewWriter();

        var statistics = await WriterRuns.UntilIdleAsync(
            writer,
            Quote("EURUSD", 1.1m, 1),
            Quote("GBPUSD", 1.3m, 1) with { IsReplicated = true });

        Assert.Equal(1, statistics.NotHeldIgnored);
        Assert.Equal(1, statistics.ReplicatedIgnored);
        Assert.Equal(0, statistics.QuotesOffered);
        Assert.Equal(0, statistics.Writes);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task A_lease_lost_between_the_offer_and_the_write_lends_no_token_and_writes_nothing()
    {
        _fence.Tokens["json"] = 3;
        var writer = NewWriter();
        writer.OnQuote(Quote("EURUSD", 1.1m, 1));
        _fence.Tokens.Clear();

        var statistics = await WriterRuns.UntilIdleAsync(writer);

        Assert.Equal(1, statistics.QuotesOffered);
        Assert.Equal(1, statistics.NotHeldIgnored);
        Assert.Equal(0, statistics.Writes);
        Assert.Null(await _store.ReadAsync("EURUSD", default));
    }

    private PriceStoreWriter NewWriter() => new(_store, _hub, TimeProvider.System, fence: _fence);

    private static Quote Quote(string symbol, decimal bid, long sequence) => PriceStoreContract.Quote(symbol, bid, sequence, T0);

    /// <summary>A fence whose held feeds and tokens the test sets.</summary>
    private sealed class TestFence : IPriceWriteFence
    {
        public ConcurrentDictionary<string, long> Tokens { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<(string Feed, long Fence)> Refusals { get; } = new();

        public bool TryGetToken(string feed, out long token) => Tokens.TryGetValue(feed, out token);

        public void Refused(string feed, long fence)
        {
            Refusals.Enqueue((feed, fence));
            Tokens.TryRemove(feed, out _);
        }
    }
}
