using System.Collections.Concurrent;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Writing;
using Tickwatch.Testing;

namespace Tickwatch.Storage.Tests.Contract;

/// <summary>What every price store must do, whatever it runs on; each store's test class derives from this one.</summary>
/// <remarks>
/// Each test uses symbols of its own, so a store shared between tests (a real cluster) needs no cleaning.
/// This file is compiled into both test tiers: the in-memory store here, the Redis store in Tickwatch.IntegrationTests.
/// </remarks>
public abstract class PriceStoreContract
{
    private static int _symbolCounter;

    protected static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    protected abstract IPriceStore Store { get; }

    protected abstract IPriceAnnouncer Publisher { get; }

    protected abstract IPriceAnnouncementSubscriber Subscriber { get; }

    /// <summary>The store's old-form price keys (<c>market:{SYMBOL}</c>, as an earlier Tickwatch wrote them).</summary>
    protected abstract IOldPriceKeys OldKeys { get; }

    /// <summary>Leaves <paramref name="price"/> (with its <see cref="StoredPrice.Timestamp"/>) under the old key form, as an earlier Tickwatch did.</summary>
    protected abstract Task PutOldKeyAsync(StoredPrice price);

    protected abstract Task<bool> OldKeyExistsAsync(string symbol);

    [Fact]
    public async Task A_first_price_is_written_and_read_back()
    {
        var symbol = NewSymbol();
        var price = Price(symbol, 1.0852m, 1.0854m, Us(1), 1);

        var results = await Store.WriteAsync([price], default);

        Assert.Equal(PriceWriteOutcome.Written, Assert.Single(results).Outcome);
        var stored = await Store.ReadAsync(symbol, default);
        Assert.NotNull(stored);
        Assert.Equal(1.0852m, stored.Bid);
        Assert.Equal(1.0854m, stored.Ask);
        Assert.Equal(price.Version, stored.Version);
        Assert.NotNull(stored.Timestamp);
    }

    [Fact]
    public async Task A_newer_version_wins()
    {
        var symbol = NewSymbol();
        await Store.WriteAsync([Price(symbol, 1.1000m, 1.1002m, Us(1), 1)], default);

        var results = await Store.WriteAsync([Price(symbol, 1.2000m, 1.2002m, Us(2), 2)], default);

        Assert.Equal(PriceWriteOutcome.Written, results[0].Outcome);
        Assert.Equal(1.2000m, (await Store.ReadAsync(symbol, default))!.Bid);
    }

    [Fact]
    public async Task An_older_version_is_refused_and_not_written()
    {
        var symbol = NewSymbol();
        var newer = Price(symbol, 1.2000m, 1.2002m, Us(5), 7);
        await Store.WriteAsync([newer], default);

        var results = await Store.WriteAsync([Price(symbol, 1.1000m, 1.1002m, Us(4), 99)], default);

        Assert.Equal(PriceWriteOutcome.RefusedOlder, results[0].Outcome);
        Assert.Equal(newer.Version, results[0].StoredVersion);
        var stored = await Store.ReadAsync(symbol, default);
        Assert.Equal(1.2000m, stored!.Bid);
        Assert.Equal(newer.Version, stored.Version);
    }

    [Fact]
    public async Task An_equal_version_is_refused()
    {
        var symbol = NewSymbol();
        await Store.WriteAsync([Price(symbol, 1.2000m, 1.2002m, Us(5), 7)], default);

        var results = await Store.WriteAsync([Price(symbol, 1.3000m, 1.3002m, Us(5), 7)], default);

        Assert.Equal(PriceWriteOutcome.RefusedOlder, results[0].Outcome);
        Assert.Equal(1.2000m, (await Store.ReadAsync(symbol, default))!.Bid);
    }

    [Fact]
    public async Task The_sequence_breaks_a_tie_of_time()
    {
        var symbol = NewSymbol();
        await Store.WriteAsync([Price(symbol, 1.2000m, 1.2002m, Us(5), 7)], default);

        var higher = await Store.WriteAsync([Price(symbol, 1.3000m, 1.3002m, Us(5), 8)], default);
        var lower = await Store.WriteAsync([Price(symbol, 1.4000m, 1.4002m, Us(5), 6)], default);

        Assert.Equal(PriceWriteOutcome.Written, higher[0].Outcome);
        Assert.Equal(PriceWriteOutcome.RefusedOlder, lower[0].Outcome);
        Assert.Equal(1.3000m, (await Store.ReadAsync(symbol, default))!.Bid);
    }

    [Fact]
    public async Task A_very_large_sequence_compares_exactly()
    {
        // Beyond 2^53: a comparison through doubles would call these equal.
        var symbol = NewSymbol();
        await Store.WriteAsync([Price(symbol, 1.2000m, 1.2002m, Us(5), 9_007_199_254_740_993)], default);

        var results = await Store.WriteAsync([Price(symbol, 1.3000m, 1.3002m, Us(5), 9_007_199_254_740_994)], default);

        Assert.Equal(PriceWriteOutcome.Written, results[0].Outcome);
        Assert.Equal(9_007_199_254_740_994, (await Store.ReadAsync(symbol, default))!.Version.Sequence);
    }

    [Fact]
    public async Task A_batch_applies_each_price_on_its_own()
    {
        var (a, b, c) = (NewSymbol(), NewSymbol(), NewSymbol());
        await Store.WriteAsync([Price(a, 1.0m, 1.1m, Us(3), 1), Price(b, 2.0m, 2.1m, Us(3), 1)], default);

        var results = await Store.WriteAsync(
            [Price(a, 1.5m, 1.6m, Us(4), 1), Price(b, 2.5m, 2.6m, Us(2), 1), Price(c, 3.0m, 3.1m, Us(1), 1)],
            default);

        Assert.Equal([PriceWriteOutcome.Written, PriceWriteOutcome.RefusedOlder, PriceWriteOutcome.Written], results.Select(r => r.Outcome));
        var stored = await Store.ReadManyAsync([a, b, c], default);
        Assert.Equal([1.5m, 2.0m, 3.0m], stored.Select(p => p!.Bid));
    }

    [Fact]
    public async Task Prices_of_one_symbol_in_one_batch_apply_in_order()
    {
        var symbol = NewSymbol();

        var results = await Store.WriteAsync(
            [Price(symbol, 1.2m, 1.3m, Us(2), 1), Price(symbol, 1.1m, 1.2m, Us(1), 1), Price(symbol, 1.3m, 1.4m, Us(3), 1)],
            default);

        Assert.Equal([PriceWriteOutcome.Written, PriceWriteOutcome.RefusedOlder, PriceWriteOutcome.Written], results.Select(r => r.Outcome));
        Assert.Equal(1.3m, (await Store.ReadAsync(symbol, default))!.Bid);
    }

    [Fact]
    public async Task Read_many_answers_in_order_with_null_where_nothing_is_stored()
    {
        var (a, missing, b) = (NewSymbol(), NewSymbol(), NewSymbol());
        await Store.WriteAsync([Price(a, 1.0m, 1.1m, Us(1), 1), Price(b, 2.0m, 2.1m, Us(1), 1)], default);

        var stored = await Store.ReadManyAsync([b, missing, a], default);

        Assert.Equal(3, stored.Count);
        Assert.Equal(2.0m, stored[0]!.Bid);
        Assert.Null(stored[1]);
        Assert.Equal(1.0m, stored[2]!.Bid);
        Assert.Null(await Store.ReadAsync(missing, default));
        Assert.Empty(await Store.ReadManyAsync([], default));
    }

    [Theory]
    [InlineData("1.0852", "1.0854")]
    [InlineData("0.000001", "0.000002")]
    [InlineData("67842.15", "67843.5")]
    [InlineData("1.08520", "1.08540")]
    [InlineData("123456789.123456789", "123456789.12345679")]
    [InlineData("0.1", "0.3")]
    public async Task Decimals_round_trip_exactly(string bidText, string askText)
    {
        var (bid, ask) = (ExactDecimal.Parse(bidText), ExactDecimal.Parse(askText));
        var symbol = NewSymbol();
        await Store.WriteAsync([Price(symbol, bid, ask, Us(1), 1)], default);

        var stored = await Store.ReadAsync(symbol, default);

        Assert.Equal(bid, stored!.Bid);
        Assert.Equal(ask, stored.Ask);
        Assert.Equal(bidText, ExactDecimal.Format(stored.Bid));
        Assert.Equal(askText, ExactDecimal.Format(stored.Ask));
    }

    [Fact]
    public async Task Where_and_when_a_price_came_from_round_trips()
    {
        var symbol = NewSymbol();
        var received = T0.AddTicks(1_234_567);
        var source = T0.AddMilliseconds(-3).AddTicks(4_321);
        var price = new StoredPrice
        {
            Symbol = symbol,
            Bid = 1.0852m,
            Ask = 1.0854m,
            Feed = "binary",
            ReceivedAt = received,
            SourceTime = source,
            SourceSequence = 4711,
            BookSequence = 42,
            Version = new PriceVersion(PriceVersion.ToUnixMicros(source), 4711),
        };

        var written = (await Store.WriteAsync([price], default))[0];
        var stored = await Store.ReadAsync(symbol, default);

        Assert.Equal(written.Price, stored);
        Assert.Equal("binary", stored!.Feed);
        Assert.Equal(PriceVersion.ToUnixMicros(received), PriceVersion.ToUnixMicros(stored.ReceivedAt));
        Assert.Equal(source.ToUnixTimeMilliseconds(), stored.SourceTime!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(4711, stored.SourceSequence);
        Assert.Equal(42, stored.BookSequence);
        Assert.Equal(price.Version, stored.Version);
    }

    [Fact]
    public async Task A_newer_price_without_source_fields_does_not_keep_the_old_ones()
    {
        var symbol = NewSymbol();
        await Store.WriteAsync([Price(symbol, 1.0m, 1.1m, Us(1), 5) with { SourceTime = T0, SourceSequence = 5 }], default);

        await Store.WriteAsync([Price(symbol, 1.2m, 1.3m, Us(2), 6)], default);
        var stored = await Store.ReadAsync(symbol, default);

        Assert.Null(stored!.SourceTime);
        Assert.Null(stored.SourceSequence);
    }

    [Fact]
    public async Task Concurrent_writers_racing_on_one_symbol_with_shuffled_updates_end_with_the_newest()
    {
        var symbol = NewSymbol();
        var updates = Enumerable.Range(1, 300)
            .Select(i => Price(symbol, 1m + (i / 10_000m), 1.0002m + (i / 10_000m), Us(i / 3), i % 3))
            .ToArray();
        var newest = updates.MaxBy(u => u.Version)!;

        async Task<List<PriceWriteResult>> Race(int seed)
        {
            var mine = updates.ToArray();
            new Random(seed).Shuffle(mine);
            var results = new List<PriceWriteResult>();
            for (var i = 0; i < mine.Length; i += 3)
            {
                results.AddRange(await Store.WriteAsync(mine.Skip(i).Take(3).ToArray(), default));
            }

            return results;
        }

        var raced = await Task.WhenAll(Task.Run(() => Race(1)), Task.Run(() => Race(2)));

        var stored = await Store.ReadAsync(symbol, default);
        Assert.Equal(newest.Version, stored!.Version);
        Assert.Equal(newest.Bid, stored.Bid);
        var all = raced.SelectMany(r => r).ToList();
        Assert.DoesNotContain(all, r => r.Outcome == PriceWriteOutcome.Failed);

        // Each version is written at most once: the second writer of an equal version is refused.
        Assert.All(all.Where(r => r.IsWritten).GroupBy(r => r.Price.Version), g => Assert.Single(g));
        Assert.Contains(all, r => r.IsWritten && r.Price.Version == newest.Version);
    }

    [Fact]
    public async Task Only_written_prices_are_published()
    {
        var (written, refused, sentinel) = (NewSymbol(), NewSymbol(), NewSymbol());
        await Store.WriteAsync([Price(refused, 2.0m, 2.1m, Us(10), 1)], default);
        var heard = new ConcurrentQueue<string>();
        await using var subscription = await Subscriber.SubscribeSymbolsAsync(heard.Enqueue, default);

        var results = await Store.WriteAsync([Price(written, 1.0m, 1.1m, Us(1), 1), Price(refused, 2.5m, 2.6m, Us(5), 1)], default);
        var summary = await Publisher.PublishAsync(results, default);
        await Publisher.PublishAsync(await Store.WriteAsync([Price(sentinel, 3.0m, 3.1m, Us(1), 1)], default), default);

        // Announcements keep their order: once the sentinel is heard, anything before it has been too.
        await Eventually.UntilAsync(() => heard.Contains(sentinel), "the sentinel's announcement arrives");
        Assert.Equal(1, summary.Published);
        Assert.Contains(written, heard);
        Assert.DoesNotContain(refused, heard);
    }

    [Fact]
    public async Task A_written_price_is_announced_on_its_symbol_channel_with_its_book_sequence()
    {
        var symbol = NewSymbol();
        var heard = new ConcurrentQueue<StoredPrice>();
        await using var subscription = await Subscriber.SubscribePricesAsync(symbol, heard.Enqueue, default);
        var price = Price(symbol, 1.0852m, 1.0854m, Us(1), 3) with { BookSequence = 77, SourceSequence = 3 };

        var results = await Store.WriteAsync([price], default);
        await Publisher.PublishAsync(results, default);

        await Eventually.UntilAsync(() => !heard.IsEmpty, "the price's announcement arrives");
        var announced = Assert.Single(heard);
        Assert.Equal(results[0].Price, announced);
        Assert.Equal(77, announced.BookSequence);
        Assert.Equal(1.0852m, announced.Bid);
    }

    [Fact]
    public async Task The_writer_publishes_only_after_a_successful_write()
    {
        var (fresh, stale) = (NewSymbol(), NewSymbol());
        var now = DateTimeOffset.UtcNow;
        await Store.WriteAsync([Price(stale, 2.0m, 2.1m, PriceVersion.ToUnixMicros(now.AddSeconds(5)), 1)], default);
        var heard = new ConcurrentQueue<string>();
        await using var subscription = await Subscriber.SubscribeSymbolsAsync(heard.Enqueue, default);
        var writer = new PriceStoreWriter(Store, Publisher, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);

        writer.OnQuote(Quote(stale, 2.5m, 1, now));
        writer.OnQuote(Quote(fresh, 1.5m, 1, now));

        await Eventually.UntilAsync(() => heard.Contains(fresh), "the fresh price's announcement arrives");
        await Eventually.UntilAsync(() => writer.IsIdle, "the writer is idle");
        await stop.CancelAsync();
        await run;
        var statistics = writer.GetStatistics();
        Assert.Equal(1, statistics.Written);
        Assert.Equal(1, statistics.RefusedOlder);
        Assert.Equal(1, statistics.Publishes);
        Assert.DoesNotContain(stale, heard);
        Assert.Equal(2.0m, (await Store.ReadAsync(stale, default))!.Bid);
    }

    [Fact]
    public async Task A_stored_version_from_the_future_is_invalid_and_a_current_price_replaces_it()
    {
        var symbol = NewSymbol();
        var year2100 = PriceVersion.ToUnixMicros(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await Store.WriteAsync([Price(symbol, 1.5000m, 1.5002m, year2100, 9)], default);
        var current = Price(symbol, 1.0852m, 1.0854m, PriceVersion.ToUnixMicros(DateTimeOffset.UtcNow), 1);

        var results = await Store.WriteAsync([current], default);
        var next = await Store.WriteAsync([Price(symbol, 1.0853m, 1.0855m, current.Version.TimestampMicros + 1, 2)], default);

        Assert.Equal(PriceWriteOutcome.Written, results[0].Outcome);
        Assert.Equal(new PriceVersion(year2100, 9), results[0].ReplacedFutureVersion);
        Assert.Null(next[0].ReplacedFutureVersion);
        var stored = (await Store.ReadAsync(symbol, default))!;
        Assert.Equal((1.0853m, current.Version.TimestampMicros + 1), (stored.Bid, stored.Version.TimestampMicros));
    }

    [Fact]
    public async Task A_stored_version_a_few_seconds_ahead_is_still_valid()
    {
        var symbol = NewSymbol();
        var now = DateTimeOffset.UtcNow;
        await Store.WriteAsync([Price(symbol, 1.5000m, 1.5002m, PriceVersion.ToUnixMicros(now.AddSeconds(3)), 9)], default);

        var results = await Store.WriteAsync([Price(symbol, 1.0852m, 1.0854m, PriceVersion.ToUnixMicros(now), 1)], default);

        Assert.Equal(PriceWriteOutcome.RefusedOlder, results[0].Outcome);
        Assert.Equal(1.5000m, (await Store.ReadAsync(symbol, default))!.Bid);
    }

    [Fact]
    public async Task Ts_is_the_time_the_price_was_received_never_the_write_time()
    {
        var symbol = NewSymbol();
        var price = Price(symbol, 1.0852m, 1.0854m, Us(1) + 123_456, 1);

        var results = await Store.WriteAsync([price], default);

        var expected = price.ReceivedAt.ToUnixTimeMilliseconds();
        Assert.Equal(expected, results[0].Price.Timestamp!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(expected, (await Store.ReadAsync(symbol, default))!.Timestamp!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_price_that_carries_its_stored_time_keeps_it()
    {
        var symbol = NewSymbol();
        var storedAt = T0.AddMinutes(-30);

        await Store.WriteAsync([Price(symbol, 1.0852m, 1.0854m, Us(1), 1) with { Timestamp = storedAt }], default);

        Assert.Equal(storedAt, (await Store.ReadAsync(symbol, default))!.Timestamp);
    }

    [Fact]
    public async Task An_old_key_is_moved_to_the_current_key_with_its_stored_time_once()
    {
        var symbol = NewSymbol();
        var old = Price(symbol, 1.0852m, 1.0854m, Us(1), 4) with { Timestamp = T0.AddSeconds(1) };
        await PutOldKeyAsync(old);
        var migration = new OldPriceKeyMigration(Store, OldKeys);

        var first = await migration.RunAsync([symbol], default);
        var second = await migration.RunAsync([symbol], default);

        Assert.Equal((1, 1, 0, 1, true), (first.Found, first.Moved, first.KeptCurrent, first.Deleted, first.Complete));
        var moved = (await Store.ReadAsync(symbol, default))!;
        Assert.Equal((1.0852m, 1.0854m, old.Version, old.Timestamp, 4L), (moved.Bid, moved.Ask, moved.Version, moved.Timestamp, moved.BookSequence));
        Assert.False(await OldKeyExistsAsync(symbol));
        Assert.Equal((0, 0, true), (second.Found, second.Moved, second.Complete));
    }

    [Fact]
    public async Task An_old_key_older_than_the_current_key_is_deleted_and_the_current_kept()
    {
        var symbol = NewSymbol();
        await Store.WriteAsync([Price(symbol, 1.2000m, 1.2002m, Us(5), 9)], default);
        await PutOldKeyAsync(Price(symbol, 1.1000m, 1.1002m, Us(1), 3) with { Timestamp = T0.AddSeconds(1) });

        var result = await new OldPriceKeyMigration(Store, OldKeys).RunAsync([symbol], default);

        Assert.Equal((1, 0, 1, 1), (result.Found, result.Moved, result.KeptCurrent, result.Deleted));
        Assert.Equal(1.2000m, (await Store.ReadAsync(symbol, default))!.Bid);
        Assert.False(await OldKeyExistsAsync(symbol));
    }

    [Fact]
    public async Task An_old_key_newer_than_the_current_key_replaces_it()
    {
        var symbol = NewSymbol();
        await Store.WriteAsync([Price(symbol, 1.1000m, 1.1002m, Us(1), 3)], default);
        await PutOldKeyAsync(Price(symbol, 1.2000m, 1.2002m, Us(5), 9) with { Timestamp = T0.AddSeconds(5) });

        var result = await new OldPriceKeyMigration(Store, OldKeys).RunAsync([symbol, NewSymbol()], default);

        Assert.Equal((1, 1, 0, 1), (result.Found, result.Moved, result.KeptCurrent, result.Deleted));
        Assert.Equal(1.2000m, (await Store.ReadAsync(symbol, default))!.Bid);
        Assert.False(await OldKeyExistsAsync(symbol));
    }

    [Fact]
    public async Task A_price_below_its_feeds_fence_is_refused_and_not_written()
    {
        var symbol = NewSymbol();
        await Fences.SealAsync("json", 9, [symbol], default);

        var results = await Store.WriteAsync([Price(symbol, 1.1000m, 1.1002m, Us(1), 1) with { FenceToken = 8 }], default);

        Assert.Equal(PriceWriteOutcome.RefusedFenced, results[0].Outcome);
        Assert.Equal(9, results[0].Fence);
        Assert.Null(await Store.ReadAsync(symbol, default));
    }

    [Fact]
    public async Task A_write_with_a_higher_token_seals_the_fence_against_the_older_holder()
    {
        var symbol = NewSymbol();
        var first = await Store.WriteAsync([Price(symbol, 1.1000m, 1.1002m, Us(1), 1) with { FenceToken = 4 }], default);

        var newer = await Store.WriteAsync([Price(symbol, 1.2000m, 1.2002m, Us(2), 2) with { FenceToken = 5 }], default);
        var late = await Store.WriteAsync([Price(symbol, 1.3000m, 1.3002m, Us(3), 3) with { FenceToken = 4 }], default);

        Assert.Equal(PriceWriteOutcome.Written, first[0].Outcome);
        Assert.Equal(PriceWriteOutcome.Written, newer[0].Outcome);
        Assert.Equal(PriceWriteOutcome.RefusedFenced, late[0].Outcome);
        Assert.Equal(5, late[0].Fence);
        Assert.Equal(1.2000m, (await Store.ReadAsync(symbol, default))!.Bid);
    }

    [Fact]
    public async Task A_fence_is_per_feed_and_a_price_without_a_token_is_not_checked()
    {
        var symbol = NewSymbol();
        await Fences.SealAsync("json", 9, [symbol], default);

        var otherFeed = await Store.WriteAsync([Price(symbol, 1.1000m, 1.1002m, Us(1), 1) with { Feed = "binary", FenceToken = 1 }], default);
        var unfenced = await Store.WriteAsync([Price(symbol, 1.2000m, 1.2002m, Us(2), 2)], default);

        Assert.Equal(PriceWriteOutcome.Written, otherFeed[0].Outcome);
        Assert.Equal(PriceWriteOutcome.Written, unfenced[0].Outcome);
    }

    [Fact]
    public async Task A_seal_only_raises_fences_and_tells_the_highest_it_found()
    {
        var (a, b) = (NewSymbol(), NewSymbol());
        var first = await Fences.SealAsync("json", 5, [a], default);

        var second = await Fences.SealAsync("json", 3, [a, b], default);
        var refused = await Store.WriteAsync([Price(a, 1.1000m, 1.1002m, Us(1), 1) with { FenceToken = 3 }], default);
        var written = await Store.WriteAsync([Price(b, 1.1000m, 1.1002m, Us(1), 1) with { FenceToken = 3 }], default);

        Assert.Equal(new PriceFenceSeal(1, 0), first);
        Assert.Equal(new PriceFenceSeal(1, 5), second);
        Assert.Equal(PriceWriteOutcome.RefusedFenced, refused[0].Outcome);
        Assert.Equal(PriceWriteOutcome.Written, written[0].Outcome);
    }

    [Fact]
    public async Task A_price_refused_by_its_fence_is_never_announced()
    {
        var symbol = NewSymbol();
        var heard = new ConcurrentQueue<StoredPrice>();
        await using var subscription = await Subscriber.SubscribePricesAsync(symbol, heard.Enqueue, default);
        await Fences.SealAsync("json", 9, [symbol], default);

        var refused = await WriteAnnouncedAsync([Price(symbol, 1.1000m, 1.1002m, Us(1), 1) with { FenceToken = 8 }]);
        var written = await WriteAnnouncedAsync([Price(symbol, 1.2000m, 1.2002m, Us(2), 2) with { FenceToken = 9 }]);

        Assert.Equal(PriceWriteOutcome.RefusedFenced, refused[0].Outcome);
        Assert.Equal(PriceWriteOutcome.Written, written[0].Outcome);
        await Eventually.UntilAsync(() => !heard.IsEmpty, "the written price's announcement arrives");
        Assert.Equal(1.2000m, Assert.Single(heard).Bid);
    }

    /// <summary>The store's fences: every store that checks them seals them.</summary>
    protected IPriceFenceStore Fences => Assert.IsAssignableFrom<IPriceFenceStore>(Store);

    private async Task<IReadOnlyList<PriceWriteResult>> WriteAnnouncedAsync(IReadOnlyList<StoredPrice> prices)
    {
        if (Store is IAnnouncingPriceStore announcing)
        {
            return await announcing.WriteAndAnnounceAsync(prices, default);
        }

        var results = await Store.WriteAsync(prices, default);
        await Publisher.PublishAsync(results, default);
        return results;
    }

    protected static string NewSymbol() =>
        "C" + Interlocked.Increment(ref _symbolCounter).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)
        + Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 4));

    protected static long Us(long seconds) => PriceVersion.ToUnixMicros(T0) + (seconds * 1_000_000);

    protected static StoredPrice Price(string symbol, decimal bid, decimal ask, long micros, long sequence) => new()
    {
        Symbol = symbol,
        Bid = bid,
        Ask = ask,
        Feed = "json",
        ReceivedAt = PriceVersion.FromUnixMicros(micros),
        BookSequence = sequence,
        Version = new PriceVersion(micros, sequence),
    };

    /// <summary>A quote as the book hands it to the writer (also what the writer's own tests offer).</summary>
    public static Quote Quote(string symbol, decimal bid, long bookSequence, DateTimeOffset receivedAt) => new()
    {
        Symbol = symbol,
        Bid = bid,
        Ask = bid + 0.0002m,
        Feed = "json",
        ReceivedAt = receivedAt,
        BookSequence = bookSequence,
        Version = PriceVersion.Of(null, receivedAt, null, bookSequence),
    };
}
