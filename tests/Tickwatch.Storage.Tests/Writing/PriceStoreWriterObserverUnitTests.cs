using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Tests.Contract;
using Tickwatch.Storage.Writing;
using Tickwatch.Testing;

namespace Tickwatch.Storage.Tests.Writing;

/// <summary>The writer tells its observer of every answered write and every announcement, and survives an observer that throws.</summary>
public sealed class PriceStoreWriterObserverUnitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task Each_write_outcome_and_each_announcement_is_observed_with_its_book_sequence()
    {
        var store = new ScriptedPriceStore(_time);
        await store.WriteAsync([StoredPrice.FromQuote(Quote("GBPUSD", 1.3m, 10))], default);
        var observer = new RecordingObserver();

        await RunAsync(new PriceStoreWriter(store, new InMemoryPriceAnnouncements(), _time, observer: observer), Quote("GBPUSD", 1.2m, 5), Quote("EURUSD", 1.1m, 7));

        Assert.Equal(
            [("EURUSD", PriceWriteOutcome.Written, 7L), ("GBPUSD", PriceWriteOutcome.RefusedOlder, 5L)],
            observer.Writes.Select(w => (w.Symbol, w.Outcome, w.BookSequence)).Order());
        Assert.Equal([("EURUSD", AnnouncementOutcome.Published, 7L)], observer.Announcements);
        Assert.All(observer.WriteTimes, t => Assert.Equal(_time.GetUtcNow(), t));
    }

    [Fact]
    public async Task A_failed_write_is_observed_as_failed_and_never_as_announced()
    {
        var store = new ScriptedPriceStore(_time) { FailAll = true };
        var observer = new RecordingObserver();
        var writer = new PriceStoreWriter(store, new InMemoryPriceAnnouncements(), _time, observer: observer);
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);

        writer.OnQuote(Quote("EURUSD", 1.1m, 1));
        await Eventually.UntilAsync(() => writer.GetStatistics().AwaitingRetry == 1, "the write failed");
        await stop.CancelAsync();
        await run;

        // The writer may try again before it stops: every attempt is observed, each as failed.
        var writes = observer.Writes.Select(w => (w.Symbol, w.Outcome, w.BookSequence)).ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, w => Assert.Equal(("EURUSD", PriceWriteOutcome.Failed, 1L), w));
        Assert.Empty(observer.Announcements);
    }

    [Fact]
    public async Task A_store_that_announces_its_writes_has_each_written_price_observed_as_published()
    {
        var store = new SelfAnnouncingPriceStore(_time, announces: true);
        var observer = new RecordingObserver();

        await RunAsync(new PriceStoreWriter(store, new InMemoryPriceAnnouncements(), _time, observer: observer), Quote("EURUSD", 1.1m, 3));

        Assert.Equal([("EURUSD", AnnouncementOutcome.Published, 3L)], observer.Announcements);
    }

    [Theory]
    [InlineData(0, 2, AnnouncementOutcome.Failed)]
    [InlineData(1, 1, AnnouncementOutcome.Uncertain)]
    public async Task A_publish_that_fails_is_observed_as_failed_or_uncertain_when_only_part_of_it_failed(int published, int failed, AnnouncementOutcome expected)
    {
        var observer = new RecordingObserver();
        var store = new ScriptedPriceStore(_time);
        var writer = new PriceStoreWriter(
            store, new FailingAnnouncer(published, failed), _time, Options.Create(new PriceStoreWriterOptions { MaxConcurrentBatches = 1 }), observer: observer);
        store.CloseGate();
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);
        writer.OnQuote(Quote("EURUSD", 1.1m, 1));
        await Eventually.UntilAsync(() => store.WaitingAtGate == 1, "the first write is held");

        // Held back by the gate, the next two symbols go in one batch: one publish call for both.
        writer.OnQuote(Quote("GBPUSD", 1.2m, 1));
        writer.OnQuote(Quote("USDJPY", 150m, 1));
        store.OpenGate();
        await Eventually.UntilAsync(() => writer.IsIdle && observer.Announcements.Count == 3, "every write is answered");
        await stop.CancelAsync();
        await run;

        Assert.Equal([expected, expected], observer.Announcements.Where(a => a.Symbol != "EURUSD").Select(a => a.Outcome));
    }

    [Fact]
    public async Task An_observer_that_throws_is_counted_and_the_prices_are_written_and_announced_all_the_same()
    {
        var store = new ScriptedPriceStore(_time);
        var announcements = new InMemoryPriceAnnouncements();
        var announced = new ConcurrentQueue<string>();
        await announcements.SubscribeSymbolsAsync(announced.Enqueue, default);

        var statistics = await RunAsync(new PriceStoreWriter(store, announcements, _time, observer: new ThrowingObserver()), Quote("EURUSD", 1.1m, 1));

        Assert.Equal(1, statistics.Written);
        Assert.Equal(["EURUSD"], announced);
        Assert.Equal(1.1m, (await store.ReadAsync("EURUSD", default))!.Bid);
        Assert.Equal("observer", statistics.LastError!.Source);
    }

    private static Task<PriceStoreWriterStatistics> RunAsync(PriceStoreWriter writer, params Quote[] quotes) => WriterRuns.UntilIdleAsync(writer, quotes);

    private Quote Quote(string symbol, decimal bid, long bookSequence) => PriceStoreContract.Quote(symbol, bid, bookSequence, _time.GetUtcNow());

    private sealed class RecordingObserver : IPriceWriteObserver
    {
        private readonly ConcurrentQueue<(string Symbol, PriceWriteOutcome Outcome, long BookSequence)> _writes = new();
        private readonly ConcurrentQueue<(string Symbol, AnnouncementOutcome Outcome, long BookSequence)> _announcements = new();
        private readonly ConcurrentQueue<DateTimeOffset> _writeTimes = new();

        public IReadOnlyCollection<(string Symbol, PriceWriteOutcome Outcome, long BookSequence)> Writes => _writes;

        public IReadOnlyCollection<(string Symbol, AnnouncementOutcome Outcome, long BookSequence)> Announcements => _announcements;

        public IReadOnlyCollection<DateTimeOffset> WriteTimes => _writeTimes;

        public void OnWriteAnswered(in PriceWriteResult result, DateTimeOffset at)
        {
            _writes.Enqueue((result.Price.Symbol, result.Outcome, result.Price.BookSequence));
            _writeTimes.Enqueue(at);
        }

        public void OnAnnounced(StoredPrice price, AnnouncementOutcome outcome, DateTimeOffset at) =>
            _announcements.Enqueue((price.Symbol, outcome, price.BookSequence));
    }

    private sealed class ThrowingObserver : IPriceWriteObserver
    {
        public void OnWriteAnswered(in PriceWriteResult result, DateTimeOffset at) => throw new InvalidOperationException("observer bug");

        public void OnAnnounced(StoredPrice price, AnnouncementOutcome outcome, DateTimeOffset at) => throw new InvalidOperationException("observer bug");
    }

    // Answers the first call in full and every later one with the given counts, as a Redis announcer whose node failed would.
    private sealed class FailingAnnouncer(int published, int failed) : IPriceAnnouncer
    {
        private int _calls;

        public Task<PublishSummary> PublishAsync(IReadOnlyList<PriceWriteResult> results, CancellationToken cancellationToken) =>
            Task.FromResult(Interlocked.Increment(ref _calls) == 1
                ? new PublishSummary(results.Count(r => r.IsWritten), 0, null)
                : new PublishSummary(published, failed, new InvalidOperationException("node down")));
    }
}
