using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>
/// Order events on the portfolio channel by number: every client sent each once and in order, a gap in what
/// <c>order_updates</c> brought filled from the store's order events, a client resuming with <c>since_seq</c> sent what
/// it missed, and told <c>orders_reset</c> when that is no longer held or cannot be read.
/// </summary>
public sealed class OrderResumeUnitTests : IAsyncDisposable
{
    private static readonly AccountId Alice = new(UserType.Live, 42);
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(100);

    private readonly StreamStatistics _statistics = new();
    private readonly InMemoryOrderAnnouncements _announcements = new();
    private readonly List<AccountStreamRegistry> _registries = [];
    private InMemoryTradingStore _store = new(orderEventsRetained: 1000);
    private long _revision;

    public async ValueTask DisposeAsync()
    {
        foreach (var registry in _registries)
        {
            await registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task Events_not_heard_on_order_updates_are_filled_from_the_store_before_the_next_one_is_sent()
    {
        await OpenAccountAsync();
        var registry = Registry();
        var client = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, client, null, default));

        await PublishAsync(await CommitAsync("o1"));
        await CommitAsync("o2");
        await CommitAsync("o1", OrderStatus.Closed);
        await PublishAsync(await CommitAsync("o3"));
        await Eventually.UntilAsync(() => client.Orders.Count == 4, "the gap is filled and the fourth event sent");

        Assert.Equal([1L, 2L, 3L, 4L], Seqs(client));
        Assert.Equal(["o1", "o2", "o1", "o3"], client.Orders.Select(o => o["order_id"]!.GetValue<string>()));
        Assert.Equal("CLOSED", client.Orders[2]["status"]!.GetValue<string>());
        Assert.Equal(1, _statistics.OrderGapsFilled);
    }

    [Fact]
    public async Task A_client_resuming_after_a_seq_is_sent_what_it_missed_in_order_then_the_live_events_once()
    {
        await OpenAccountAsync();
        var registry = Registry();
        var watcher = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, watcher, null, default));
        for (var i = 1; i <= 5; i++)
        {
            await PublishAsync(await CommitAsync("o" + i));
        }

        var resumed = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, resumed, 2, default));
        await Eventually.UntilAsync(() => _statistics.ResumesReplayed == 1, "the resume is replayed");
        var again = await CommitAsync("o6");
        await PublishAsync(again);
        await PublishAsync(again);

        Assert.Equal([3L, 4L, 5L, 6L], Seqs(resumed));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], Seqs(watcher));
        Assert.Equal((1L, 0L), (_statistics.ResumesReplayed, _statistics.ResumesReset));
    }

    [Fact]
    public async Task A_client_resuming_while_another_resume_is_read_is_sent_everything_after_its_own_seq()
    {
        await OpenAccountAsync();
        for (var i = 1; i <= 6; i++)
        {
            await CommitAsync("o" + i);
        }

        var gated = new GatedOrderEvents(_store);
        var registry = Registry(gated);
        var later = new RecordingAccountClient();
        var earlier = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, later, 4, default));
        await Eventually.UntilAsync(() => gated.Waiting == 1, "the first resume's read is under way");
        Assert.True(await registry.JoinAsync(Alice, earlier, 1, default));
        gated.Open();
        await Eventually.UntilAsync(() => _statistics.ResumesReplayed == 2, "both resumes are replayed");

        Assert.Equal([5L, 6L], Seqs(later));
        Assert.Equal([2L, 3L, 4L, 5L, 6L], Seqs(earlier));
    }

    [Fact]
    public async Task A_client_that_missed_more_than_is_held_is_told_orders_reset_at_the_latest_seq_then_gets_the_next_event()
    {
        _store = new InMemoryTradingStore(orderEventsRetained: 10);
        await OpenAccountAsync();
        for (var i = 1; i <= 30; i++)
        {
            await CommitAsync("o" + i);
        }

        var registry = Registry();
        var client = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, client, 5, default));
        await Eventually.UntilAsync(() => _statistics.ResumesReset == 1, "the client is told to reload");
        await PublishAsync(await CommitAsync("o31"));
        await Eventually.UntilAsync(() => client.Messages.Count == 2, "the next event follows the reset");

        Assert.Equal("""{"type":"orders_reset","seq":30}""", client.Messages[0].ToJsonString());
        Assert.Equal([31L], Seqs(client));
        Assert.Equal(0, _statistics.ResumesReplayed);
    }

    [Fact]
    public async Task A_client_further_behind_than_one_replay_reloads_instead_of_crowding_its_queue()
    {
        await OpenAccountAsync();
        for (var i = 1; i <= AccountStream.MaxReplay + 5; i++)
        {
            await CommitAsync("o" + i);
        }

        var registry = Registry();
        var client = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, client, 2, default));
        await Eventually.UntilAsync(() => _statistics.ResumesReset == 1, "the client is told to reload");

        Assert.Equal($$"""{"type":"orders_reset","seq":{{AccountStream.MaxReplay + 5}}}""", Assert.Single(client.Messages).ToJsonString());
    }

    [Fact]
    public async Task Announcements_from_many_threads_out_of_order_repeated_or_lost_reach_every_client_once_each_in_seq_order()
    {
        await OpenAccountAsync();
        var registry = Registry();
        var early = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, early, null, default));
        await PublishAsync(await CommitAsync("first"));
        const int Events = AccountStream.MaxReplay - 10;
        var committed = new List<OrderAnnouncement>();
        for (var i = 0; i < Events; i++)
        {
            committed.Add(await CommitAsync("c" + (i % 37)));
        }

        // Each announcement on one of four threads, some twice, every tenth never: as two publishers racing and a lost message.
        var resumed = new RecordingAccountClient();
        var publishers = Enumerable.Range(0, 4).Select(lane => Task.Run(async () =>
        {
            foreach (var announcement in committed.Where(a => a.Seq % 4 == lane && a.Seq % 10 != 0))
            {
                await PublishAsync(announcement);
                if (announcement.Seq % 7 == 0)
                {
                    await PublishAsync(announcement);
                }
            }
        }));
        var joining = registry.JoinAsync(Alice, resumed, 1, default);
        await Task.WhenAll([.. publishers, joining]);
        await PublishAsync(await CommitAsync("last"));
        const long Last = Events + 2;
        await Eventually.UntilAsync(() => Seqs(early).LastOrDefault() == Last && Seqs(resumed).LastOrDefault() == Last, "both clients reach the last event");

        Assert.Equal(Enumerable.Range(1, (int)Last).Select(n => (long)n), Seqs(early));
        Assert.Equal(Enumerable.Range(2, (int)Last - 1).Select(n => (long)n), Seqs(resumed));
    }

    [Fact]
    public async Task Order_events_that_cannot_be_read_are_counted_and_the_waiting_clients_told_to_reload()
    {
        await OpenAccountAsync();
        var registry = Registry(new UnreadableOrderEvents());
        var live = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, live, null, default));
        await PublishAsync(await CommitAsync("o1"));
        await CommitAsync("o2");
        await PublishAsync(await CommitAsync("o3"));
        await Eventually.UntilAsync(() => _statistics.OrderEventReadFailures == 1, "the gap cannot be filled");

        var resumed = new RecordingAccountClient();
        Assert.True(await registry.JoinAsync(Alice, resumed, 1, default));
        await Eventually.UntilAsync(() => _statistics.ResumesReset == 1, "the resume cannot be replayed");

        Assert.Equal(["order", "orders_reset"], live.Messages.Select(m => m["type"]!.GetValue<string>()));
        Assert.Equal(3, live.Messages[1]["seq"]!.GetValue<long>());
        Assert.Equal("""{"type":"orders_reset","seq":3}""", Assert.Single(resumed.Messages).ToJsonString());
        Assert.Equal(2, _statistics.OrderEventReadFailures);
    }

    [Fact]
    public async Task Events_heard_out_of_order_within_the_grace_are_sent_in_order_without_reading_the_store()
    {
        var time = new FakeTimeProvider(AccountChanges.At);
        var events = new CountingOrderEvents(_store);
        var client = await FollowWithGraceAsync(events, time);
        var second = await CommitAsync("o2");
        var third = await CommitAsync("o3");

        // Two market services' publications of one account, the later commit heard first.
        await PublishAsync(third);
        Assert.Equal([1L], Seqs(client));
        time.Advance(Grace / 2);
        await PublishAsync(second);
        await Eventually.UntilAsync(() => client.Orders.Count == 3, "the held event follows the missing one");
        time.Advance(Grace * 2);

        Assert.Equal([1L, 2L, 3L], Seqs(client));
        Assert.Equal(0, events.Reads);
        Assert.Equal((1L, 0L, 0L), (_statistics.OrderReordersAbsorbed, _statistics.OrderGapsFilled, _statistics.OrderEventsDuplicate));
    }

    [Fact]
    public async Task An_event_still_missing_after_the_grace_is_read_from_the_store_and_its_late_announcement_dropped()
    {
        var time = new FakeTimeProvider(AccountChanges.At);
        var events = new CountingOrderEvents(_store);
        var client = await FollowWithGraceAsync(events, time);
        var late = await CommitAsync("o2");
        await PublishAsync(await CommitAsync("o3"));

        time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        Assert.Equal((0, 1), (events.Reads, client.Orders.Count));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.UntilAsync(() => client.Orders.Count == 3, "the gap is filled from the store once the grace is over");
        await PublishAsync(late);
        await PublishAsync(await CommitAsync("o4"));

        Assert.Equal([1L, 2L, 3L, 4L], Seqs(client));
        Assert.Equal(["o1", "o2", "o3", "o4"], client.Orders.Select(o => o["order_id"]!.GetValue<string>()));
        Assert.Equal(1, events.Reads);
        Assert.Equal((0L, 1L, 1L), (_statistics.OrderReordersAbsorbed, _statistics.OrderGapsFilled, _statistics.OrderEventsDuplicate));
    }

    [Fact]
    public async Task A_grace_under_way_when_the_last_client_leaves_is_stopped_and_reads_nothing()
    {
        var clock = new FakeTimeProvider(AccountChanges.At);
        var time = new TimerCountingTime(clock);
        var events = new CountingOrderEvents(_store);
        var registry = Registry(events, time, Grace);
        var client = await FollowWithGraceAsync(events, clock, registry);
        await CommitAsync("o2");
        await PublishAsync(await CommitAsync("o3"));
        var graceRunning = time.LiveTimers;

        registry.Leave(Alice, client);
        var graceAfterLeaving = time.LiveTimers;
        clock.Advance(Grace * 2);

        Assert.Equal((1, 0), (graceRunning, graceAfterLeaving));
        Assert.Equal(0, events.Reads);
        Assert.Equal([1L], Seqs(client));
    }

    [Fact]
    public async Task An_event_heard_during_a_gap_read_past_another_missing_number_waits_its_own_grace_instead_of_skipping_it()
    {
        var time = new FakeTimeProvider(AccountChanges.At);
        var gated = new GatedOrderEvents(_store, readFirst: true);
        var client = await FollowWithGraceAsync(gated, time);
        await CommitAsync("o2");
        await PublishAsync(await CommitAsync("o3"));
        time.Advance(Grace);
        await Eventually.UntilAsync(() => gated.Waiting == 1, "the gap is being read");

        // Committed and heard while the read is under way, its predecessor not yet heard.
        var fourth = await CommitAsync("o4");
        await PublishAsync(await CommitAsync("o5"));
        gated.Open();
        await Eventually.UntilAsync(() => client.Orders.Count >= 3, "the first gap is filled");
        await PublishAsync(fourth);
        await Eventually.UntilAsync(() => client.Orders.Count == 5, "the late fourth and the held fifth are sent");

        Assert.Equal([1L, 2L, 3L, 4L, 5L], Seqs(client));
        Assert.Equal(1, gated.Waiting);
    }

    [Fact]
    public void The_order_gap_grace_is_a_tenth_of_a_second_and_refused_below_zero_or_above_a_second()
    {
        var validator = new StreamOptionsValidator();

        var negative = validator.Validate(null, new StreamOptions { OrderGapGrace = TimeSpan.FromMilliseconds(-1) });
        var tooLong = validator.Validate(null, new StreamOptions { OrderGapGrace = TimeSpan.FromSeconds(2) });

        Assert.Equal(TimeSpan.FromMilliseconds(100), new StreamOptions().OrderGapGrace);
        Assert.True(validator.Validate(null, new StreamOptions { OrderGapGrace = TimeSpan.Zero }).Succeeded);
        Assert.StartsWith("Gateway:Stream:OrderGapGrace must be between 00:00:00 and 00:00:01", Assert.Single(negative.Failures!), StringComparison.Ordinal);
        Assert.StartsWith("Gateway:Stream:OrderGapGrace must be between 00:00:00 and 00:00:01", Assert.Single(tooLong.Failures!), StringComparison.Ordinal);
    }

    private static IReadOnlyList<long> Seqs(RecordingAccountClient client) => [.. client.Orders.Select(o => o["seq"]!.GetValue<long>())];

    private async Task OpenAccountAsync()
    {
        await _store.PutAccountAsync(new() { Id = Alice, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default);
        _revision = (await _store.ReadAccountAsync(Alice, default))!.Revision;
    }

    // Commits one change of the order and gives back its event as the store numbered it (what the announcer would publish).
    private async Task<OrderAnnouncement> CommitAsync(string orderId, OrderStatus status = OrderStatus.Open)
    {
        var order = new Order
        {
            Id = orderId,
            Account = Alice,
            Symbol = "EURUSD",
            Type = OrderType.Buy,
            Status = status,
            Volume = 0.10m,
            Group = "Standard",
            Route = ExecutionRoute.Local,
            CreatedAt = AccountChanges.At,
            OpenPrice = 1.08525m,
            OpenedAt = AccountChanges.At,
            ClosePrice = status == OrderStatus.Closed ? 1.08595m : null,
        };
        var outcome = await _store.CommitAsync(new AccountCommit { Account = Alice, ExpectedRevision = _revision, Orders = [order] }, default);
        Assert.Equal(CommitStatus.Committed, outcome.Status);
        _revision = outcome.Revision;
        var page = await _store.ReadSinceAsync(Alice, outcome.FirstOrderSeq!.Value - 1, 1, default);
        return Assert.Single(page.Events);
    }

    private Task PublishAsync(OrderAnnouncement announcement) => _announcements.PublishAsync(announcement, default);

    // Without a grace (the tests above): a gap is read at once, as before the grace was.
    /// <summary>Opens Alice's account, follows it with a reorder grace, and commits and announces her first order (seq 1).</summary>
    private async Task<RecordingAccountClient> FollowWithGraceAsync(IOrderEventStream events, FakeTimeProvider time, AccountStreamRegistry? registry = null)
    {
        await OpenAccountAsync();
        var client = new RecordingAccountClient();
        Assert.True(await (registry ?? Registry(events, time, Grace)).JoinAsync(Alice, client, null, default));
        await PublishAsync(await CommitAsync("o1"));
        return client;
    }

    private AccountStreamRegistry Registry(IOrderEventStream? events = null, TimeProvider? time = null, TimeSpan grace = default)
    {
        var registry = new AccountStreamRegistry(
            new InMemoryPortfolioStore(), _announcements, events ?? _store, time ?? new FakeTimeProvider(AccountChanges.At), TimeSpan.FromSeconds(30), grace, _statistics, NullLogger.Instance);
        _registries.Add(registry);
        return registry;
    }

    /// <summary>The store's order events, its reads held until opened; with <c>readFirst</c> read at once and answered when opened.</summary>
    private sealed class GatedOrderEvents(IOrderEventStream inner, bool readFirst = false) : IOrderEventStream
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public void Open() => _open.TrySetResult();

        public async Task<OrderEventPage> ReadSinceAsync(AccountId account, long sinceSeq, int max, CancellationToken cancellationToken)
        {
            var read = readFirst ? await inner.ReadSinceAsync(account, sinceSeq, max, cancellationToken) : null;
            Interlocked.Increment(ref _waiting);
            await _open.Task.WaitAsync(cancellationToken);
            return read ?? await inner.ReadSinceAsync(account, sinceSeq, max, cancellationToken);
        }
    }

    /// <summary>The store's order events, its reads counted.</summary>
    private sealed class CountingOrderEvents(IOrderEventStream inner) : IOrderEventStream
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public Task<OrderEventPage> ReadSinceAsync(AccountId account, long sinceSeq, int max, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return inner.ReadSinceAsync(account, sinceSeq, max, cancellationToken);
        }
    }

    private sealed class UnreadableOrderEvents : IOrderEventStream
    {
        public Task<OrderEventPage> ReadSinceAsync(AccountId account, long sinceSeq, int max, CancellationToken cancellationToken) =>
            Task.FromException<OrderEventPage>(new TradingStoreException("Redis order events, reading order_events:{live:42}: down"));
    }
}
