using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Tests.Contract;
using Tickwatch.Storage.Writing;
using Tickwatch.Testing;

namespace Tickwatch.Storage.Tests.Writing;

public sealed class PriceStoreWriterUnitTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));
    private readonly ScriptedPriceStore _store;
    private readonly InMemoryPriceAnnouncements _hub = new();
    private readonly ConcurrentQueue<string> _announced = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly PriceStoreWriter _writer;
    private Task _run = Task.CompletedTask;

    public PriceStoreWriterUnitTests()
    {
        _store = new ScriptedPriceStore(_time);
        _writer = new PriceStoreWriter(_store, _hub, _time, Options.Create(new PriceStoreWriterOptions
        {
            MaxBatchSize = 64,
            MaxConcurrentBatches = 3,
            RetryInitialDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(400),
        }));
    }

    public async Task InitializeAsync()
    {
        await _hub.SubscribeSymbolsAsync(_announced.Enqueue, default);
        _run = _writer.RunAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        _store.OpenGate();
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    [Fact]
    public async Task While_a_write_is_in_flight_only_the_newest_quote_of_the_symbol_waits()
    {
        _store.CloseGate();
        _writer.OnQuote(Quote("EURUSD", 1.1001m, 1));
        await Eventually.UntilAsync(() => _store.WaitingAtGate == 1, "the first write reaches the store");

        _writer.OnQuote(Quote("EURUSD", 1.1002m, 2));
        _writer.OnQuote(Quote("EURUSD", 1.1004m, 4));
        _writer.OnQuote(Quote("EURUSD", 1.1003m, 3));
        var whileHeld = _writer.GetStatistics();
        _store.OpenGate();
        await Eventually.UntilAsync(() => _writer.IsIdle, "the writer is idle");

        Assert.Equal(1, whileHeld.InFlight);
        Assert.Equal(1, whileHeld.PendingSymbols);
        Assert.Equal([1L, 4L], _store.Sent.Select(p => p.BookSequence));
        Assert.Equal(1.1004m, (await _store.ReadAsync("EURUSD", default))!.Bid);
        var statistics = _writer.GetStatistics();
        Assert.Equal(4, statistics.QuotesOffered);
        Assert.Equal(2, statistics.QuotesCoalesced);
        Assert.Equal(2, statistics.Writes);
        Assert.Equal(2, statistics.Written);
        Assert.Equal(2.0, statistics.CoalescingRatio);
    }

    [Fact]
    public async Task A_quote_older_than_one_already_written_is_dropped_without_a_write()
    {
        _writer.OnQuote(Quote("EURUSD", 1.1005m, 5));
        await Eventually.UntilAsync(() => _writer.GetStatistics().Written == 1, "the first quote is written");

        _writer.OnQuote(Quote("EURUSD", 1.1003m, 3));

        Assert.True(_writer.IsIdle);
        Assert.Equal(1, _writer.GetStatistics().QuotesCoalesced);
        Assert.Equal(1, _writer.GetStatistics().Writes);
    }

    [Fact]
    public async Task Feeds_racing_on_many_symbols_never_put_two_writes_of_one_symbol_in_flight_and_the_newest_ends_stored()
    {
        _store.Yields = 3;
        var symbols = Enumerable.Range(0, 20).Select(i => "SYM" + i).ToArray();

        // Two feed threads offer every symbol's sequence 1..400 in different orders, as two feeds would.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(feed => Task.Run(() =>
        {
            var random = new Random(feed);
            for (var round = 1; round <= 400; round++)
            {
                var order = symbols.ToArray();
                random.Shuffle(order);
                foreach (var symbol in order)
                {
                    var sequence = feed == 0 ? round : 401 - round;
                    _writer.OnQuote(Quote(symbol, 1m + (sequence / 10_000m), sequence));
                }
            }
        })));
        await Eventually.UntilAsync(() => _writer.IsIdle, "the writer is idle");

        Assert.Equal(0, _store.ConcurrentWritesOfOneSymbol);
        Assert.All(await _store.ReadManyAsync(symbols, default), p => Assert.Equal(400, p!.BookSequence));
        var statistics = _writer.GetStatistics();
        Assert.Equal(16_000, statistics.QuotesOffered);
        Assert.Equal(statistics.QuotesOffered, statistics.QuotesCoalesced + statistics.Writes);
        Assert.Equal(0, statistics.RefusedOlder);

        // Per symbol, the writes that reached the store only ever went forward.
        Assert.All(_store.Sent.GroupBy(p => p.Symbol), g => Assert.Equal(g.Select(p => p.BookSequence).Order(), g.Select(p => p.BookSequence)));
    }

    [Fact]
    public async Task Only_prices_the_store_wrote_are_published()
    {
        await _store.WriteAsync([StoredPrice.FromQuote(Quote("GBPUSD", 1.3m, 10))], default);

        _writer.OnQuote(Quote("GBPUSD", 1.2m, 5));
        _writer.OnQuote(Quote("EURUSD", 1.1m, 5));
        await Eventually.UntilAsync(() => _writer.IsIdle, "the writer is idle");

        Assert.Equal(["EURUSD"], _announced);
        var statistics = _writer.GetStatistics();
        Assert.Equal(1, statistics.Written);
        Assert.Equal(1, statistics.RefusedOlder);
        Assert.Equal(1, statistics.Publishes);
    }

    [Fact]
    public async Task A_failed_write_is_not_published_and_is_retried_after_the_backoff()
    {
        _store.FailAll = true;
        _writer.OnQuote(Quote("EURUSD", 1.1m, 1));
        await Eventually.UntilAsync(() => _writer.GetStatistics() is { AwaitingRetry: 1, NextRetryAt: not null }, "the write failed and awaits its retry");

        var failed = _writer.GetStatistics();
        _store.FailAll = false;
        Assert.Equal(_time.GetUtcNow().AddMilliseconds(50), failed.NextRetryAt);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        await Eventually.UntilAsync(() => _writer.GetStatistics().Written == 1, "the retry is written");

        Assert.Equal(1, failed.Failed);
        Assert.Equal(0, failed.Publishes);
        Assert.Equal(1, failed.ConsecutiveFailedBatches);
        Assert.Equal("write", failed.LastError!.Source);
        Assert.Equal(["EURUSD"], _announced);
        Assert.Equal(0, _writer.GetStatistics().ConsecutiveFailedBatches);
        Assert.Contains(_writer.RecentErrors, e => e.Message == "store down");
    }

    [Fact]
    public async Task A_retried_write_keeps_the_time_the_price_was_received_as_ts()
    {
        var receivedAt = _time.GetUtcNow();
        _store.FailAll = true;
        _writer.OnQuote(Quote("EURUSD", 1.1m, 1));
        await Eventually.UntilAsync(() => _writer.GetStatistics() is { AwaitingRetry: 1, NextRetryAt: not null }, "the write failed and awaits its retry");

        // The store comes back well after the price was received: ts still says when it was true.
        _time.Advance(TimeSpan.FromSeconds(30));
        _store.FailAll = false;
        await Eventually.UntilAsync(() => _writer.GetStatistics().Written == 1, "the retry is written");

        var stored = (await _store.ReadAsync("EURUSD", default))!;
        Assert.Equal(receivedAt.ToUnixTimeMilliseconds(), stored.Timestamp!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(receivedAt, stored.ReceivedAt);
    }

    [Fact]
    public async Task A_stored_version_from_the_future_is_replaced_said_and_counted()
    {
        using var log = new CapturingLoggerProvider();
        using var factory = log.CreateFactory();
        var store = new InMemoryPriceStore(_time);
        await store.WriteAsync([StoredPrice.FromQuote(Quote("EURUSD", 1.5m, 1, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero)))], default);
        var writer = new PriceStoreWriter(store, _hub, _time, logger: factory.CreateLogger<PriceStoreWriter>());
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);

        writer.OnQuote(Quote("EURUSD", 1.1m, 2));
        await Eventually.UntilAsync(() => writer.GetStatistics().Written == 1, "the current price is written");
        await stop.CancelAsync();
        await run;

        Assert.Equal(1.1m, (await store.ReadAsync("EURUSD", default))!.Bid);
        Assert.Equal(1, writer.GetStatistics().FutureVersionsReplaced);
        Assert.Single(log.Entries, e => e.EventId.Id == 3030 && e.Message.Contains("EURUSD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_quote_is_never_written_after_a_newer_one_arrived()
    {
        _store.FailAll = true;
        _writer.OnQuote(Quote("EURUSD", 1.1001m, 1));
        await Eventually.UntilAsync(() => _writer.GetStatistics() is { AwaitingRetry: 1, NextRetryAt: not null }, "the write failed");

        var newer = Quote("EURUSD", 1.1002m, 2);
        _writer.OnQuote(newer);
        _store.FailAll = false;
        _time.Advance(TimeSpan.FromMilliseconds(50));
        await Eventually.UntilAsync(() => _writer.IsIdle, "the writer is idle");

        Assert.Equal([2L], _store.Written.Select(p => p.BookSequence));
        Assert.Equal(newer.Version, _writer.LastWrittenVersion("EURUSD"));
    }

    [Fact]
    public async Task Retries_back_off_while_the_store_keeps_failing()
    {
        _store.FailAll = true;
        _writer.OnQuote(Quote("EURUSD", 1.1m, 1));
        await Eventually.UntilAsync(() => _writer.GetStatistics() is { Failed: 1, AwaitingRetry: 1, NextRetryAt: not null }, "the first write failed");

        // 50 ms, then 100 ms, then 200 ms: each retry waits for its own delay.
        _time.Advance(TimeSpan.FromMilliseconds(50));
        await Eventually.UntilAsync(() => _writer.GetStatistics() is { Failed: 2, AwaitingRetry: 1, NextRetryAt: not null }, "the first retry failed");
        _time.Advance(TimeSpan.FromMilliseconds(99));
        var beforeDelay = _writer.GetStatistics().Writes;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.UntilAsync(() => _writer.GetStatistics().Failed == 3, "the second retry failed");

        Assert.Equal(2, beforeDelay);
        Assert.Equal(3, _writer.GetStatistics().ConsecutiveFailedBatches);
        Assert.Equal(0, _writer.GetStatistics().Publishes);
    }

    [Fact]
    public async Task A_store_that_throws_counts_as_failed_writes_and_the_writer_keeps_running()
    {
        _store.Throw = true;
        _writer.OnQuote(Quote("EURUSD", 1.1m, 1));
        await Eventually.UntilAsync(() => _writer.GetStatistics() is { Failed: 1, AwaitingRetry: 1, NextRetryAt: not null }, "the write failed");

        _store.Throw = false;
        _time.Advance(TimeSpan.FromMilliseconds(50));
        await Eventually.UntilAsync(() => _writer.GetStatistics().Written == 1, "the retry is written");

        Assert.Equal(PriceStoreWriterState.Running, _writer.State);
        Assert.Contains(_writer.RecentErrors, e => e.Message == "the store threw");
    }

    [Fact]
    public async Task Statistics_show_rates_latencies_and_what_is_in_flight()
    {
        _store.CloseGate();
        var receivedAt = _time.GetUtcNow();
        _writer.OnQuote(Quote("EURUSD", 1.1m, 1, receivedAt));
        _writer.OnQuote(Quote("GBPUSD", 1.3m, 1, receivedAt));
        await Eventually.UntilAsync(() => _writer.GetStatistics().InFlight == 2, "both writes are in flight");

        // The store answers 3 ms after the quotes were received.
        _time.Advance(TimeSpan.FromMilliseconds(3));
        _store.OpenGate();
        await Eventually.UntilAsync(() => _writer.IsIdle, "the writer is idle");
        _time.Advance(TimeSpan.FromSeconds(1));
        var statistics = _writer.GetStatistics();

        Assert.Equal("running", statistics.State);
        Assert.Equal("in_memory", statistics.Store);
        Assert.Equal(2, statistics.Written);
        Assert.Equal(2, statistics.Publishes);
        Assert.Equal(0, statistics.InFlight);
        Assert.Equal(0, statistics.QueueDepth);
        Assert.Equal(2, statistics.Symbols);
        Assert.Equal(2, statistics.TickToStoreLatency.Count);
        Assert.InRange(statistics.TickToStoreLatency.P50Ms, 3.0, 3.2);
        Assert.InRange(statistics.TickToStoreLatency.P99Ms, 3.0, 3.2);
        Assert.InRange(statistics.StoreRoundTrip.P99Ms, 3.0, 3.2);
        Assert.Equal(2.0, statistics.WriteRatePerSecond, 3);
        Assert.Equal(_time.GetUtcNow().AddSeconds(-1), statistics.LastWriteAt);
    }

    [Fact]
    public async Task At_most_MaxConcurrentBatches_are_in_flight_and_the_next_batch_carries_everything_that_arrived_meanwhile()
    {
        _store.CloseGate();
        for (var i = 1; i <= 3; i++)
        {
            _writer.OnQuote(Quote("HELD" + i, 1.1m, 1));
            await Eventually.UntilAsync(() => _store.WaitingAtGate == i, $"batch {i} reaches the store");
        }

        foreach (var i in Enumerable.Range(1, 7))
        {
            _writer.OnQuote(Quote("WAIT" + i, 1.2m, 1));
        }

        var whileHeld = _writer.GetStatistics();
        _store.OpenGate();
        await Eventually.UntilAsync(() => _writer.IsIdle, "the writer is idle");

        Assert.Equal(3, whileHeld.InFlight);
        Assert.Equal(7, whileHeld.PendingSymbols);
        Assert.Equal(3, _store.PeakConcurrentBatches);
        Assert.Equal([1, 1, 1, 7], _store.BatchSizes);
        Assert.Equal(10, _writer.GetStatistics().Written);
    }

    [Fact]
    public async Task A_store_that_announces_its_own_writes_is_asked_to_and_the_publisher_is_not_used()
    {
        var store = new SelfAnnouncingPriceStore(_time, announces: true);
        await store.WriteAsync([StoredPrice.FromQuote(Quote("GBPUSD", 1.3m, 10))], default);
        var statistics = await RunWriterAsync(store, Quote("GBPUSD", 1.2m, 5), Quote("EURUSD", 1.1m, 5));

        Assert.Equal(["EURUSD"], store.Announced);
        Assert.Empty(_announced);
        Assert.Equal(1, store.PlainWrites);
        Assert.Equal(1, statistics.Written);
        Assert.Equal(1, statistics.RefusedOlder);
        Assert.Equal(1, statistics.Publishes);
    }

    [Fact]
    public async Task A_store_configured_to_announce_nothing_counts_no_publishes_and_the_publisher_is_still_not_used()
    {
        var store = new SelfAnnouncingPriceStore(_time, announces: false);
        var statistics = await RunWriterAsync(store, Quote("EURUSD", 1.1m, 5));

        Assert.Empty(store.Announced);
        Assert.Empty(_announced);
        Assert.Equal(0, store.PlainWrites);
        Assert.Equal(1, statistics.Written);
        Assert.Equal(0, statistics.Publishes);
    }

    [Fact]
    public async Task Warm_up_quotes_are_not_written_back()
    {
        _writer.OnQuote(Quote("EURUSD", 1.1m, 7) with { Feed = "warmup", IsWarmup = true });

        Assert.True(_writer.IsIdle);
        Assert.Equal(1, _writer.GetStatistics().WarmupQuotesIgnored);
        Assert.Equal(0, _writer.GetStatistics().QuotesOffered);
        Assert.Empty(_store.Sent);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_writer_runs_once_at_a_time_and_a_stopped_one_keeps_what_was_pending_for_the_next_run()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _writer.RunAsync(default));

        await _stop.CancelAsync();
        await _run;
        Assert.Equal(PriceStoreWriterState.Stopped, _writer.State);
        _writer.OnQuote(Quote("EURUSD", 1.1m, 1));
        Assert.Equal(1, _writer.GetStatistics().PendingSymbols);

        using var again = new CancellationTokenSource();
        var run = _writer.RunAsync(again.Token);
        await Eventually.UntilAsync(() => _writer.GetStatistics().Written == 1, "the pending quote is written on the next run");
        await again.CancelAsync();
        await run;
    }

    // A second writer, on another store but the same publisher (the hub): offers the quotes, waits until idle, stops.
    private Task<PriceStoreWriterStatistics> RunWriterAsync(IPriceStore store, params Quote[] quotes) =>
        WriterRuns.UntilIdleAsync(new PriceStoreWriter(store, _hub, _time), quotes);

    private Quote Quote(string symbol, decimal bid, long bookSequence, DateTimeOffset? receivedAt = null) =>
        PriceStoreContract.Quote(symbol, bid, bookSequence, receivedAt ?? _time.GetUtcNow());
}
