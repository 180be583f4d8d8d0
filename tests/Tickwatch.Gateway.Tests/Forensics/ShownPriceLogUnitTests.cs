using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Storage.Prices;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests.Forensics;

/// <summary>The record of what each user was shown: its rings' wrap, window and caps, its writers, and its byte accounting.</summary>
public sealed class ShownPriceLogUnitTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly AccountId Live42 = AccountId.Parse("live:42");

    [Fact]
    public void An_entry_is_24_bytes_and_gives_back_its_prices_exactly_with_their_scale_even_when_they_do_not_fit_one()
    {
        var log = Log(new FakeTimeProvider(Start));
        var recorder = log.ForStream("live:42")!;

        recorder.Record("EURUSD", Price(1, 1.08500m, 1.08510m), Start, 0);
        recorder.Record("EURUSD", Price(2, -0.5m, 79_228_162_514_264_337_593_543_950_335m), Start.AddTicks(1), 3);
        recorder.Record("EURUSD", Price(3, 1.2m, 1.30m), Start.AddTicks(2), 0);
        var shown = log.Read(Live42, "EURUSD", Start, Start.AddSeconds(1)).Entries;

        Assert.Equal(ShownPriceLog.BytesPerEntry, Unsafe.SizeOf<ShownEntry>());
        Assert.Equal(ShownPriceLog.BytesPerWideEntry, Unsafe.SizeOf<ShownRecord>());
        Assert.Equal(["1.08500/1.08510", "-0.5/79228162514264337593543950335", "1.2/1.30"], shown.Select(s => $"{s.Bid}/{s.Ask}"));
        Assert.Equal([1L, 2, 3], shown.Select(s => s.BookSequence));
        Assert.Equal([0L, 3, 0], shown.Select(s => s.NewerPrices));
        Assert.All(shown, s => Assert.Equal(("json", ShownPriceLog.StreamChannel), (s.Feed, s.Channel)));
        Assert.Equal(Start.AddMilliseconds(-250), shown[0].ReceivedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(250), shown[0].AgeWhenSent);
    }

    [Fact]
    public void What_does_not_fit_an_entry_or_its_rings_base_comes_back_whole_and_in_order()
    {
        var log = Log(new FakeTimeProvider(Start), o => o.ShownWindow = TimeSpan.FromDays(1));
        var recorder = log.ForStream("live:42")!;
        var received = Start.AddMilliseconds(-250);
        (StoredPrice Price, DateTimeOffset SentAt, long Newer)[] sends =
        [
            (Price(10, 1.08500m, 1.08510m), Start, 0),

            // An hour old when served, far behind, a spread of more than 2^23 units: each kept whole.
            (Price(11, 1.1m, 1.2m) with { ReceivedAt = Start.AddHours(-1) }, Start.AddTicks(1), 0),
            (Price(12, 1.1m, 1.2m), Start.AddTicks(2), 5_000),
            (Price(13, 1m, 100.00000000m), Start.AddTicks(3), 0),

            // Sent before the ring's first, a sequence and a bid 2^31 units past it: the ring's base moves, the entries too far from it are kept whole.
            (Price(14, 1.08501m, 1.08511m), Start.AddTicks(-5), 1),
            (Price(15L + int.MaxValue, 1.08502m, 1.08512m), Start.AddTicks(4), 2),
            (Price(16, 99_999.99999m, 100_000.00001m), Start.AddTicks(5), 0),
            (Price(17, 1.085m, 1.0851m) with { ReceivedAt = Start.AddHours(20).AddSeconds(-200) }, Start.AddHours(20), 4_095),
        ];
        foreach (var (price, sentAt, newer) in sends)
        {
            recorder.Record("EURUSD", price, sentAt, newer);
        }

        var shown = log.Read(Live42, "EURUSD", Start.AddDays(-1), Start.AddDays(1)).Entries;

        Assert.Equal(
            sends.OrderBy(s => s.SentAt).Select(s => (s.Price.BookSequence, $"{s.Price.Bid}/{s.Price.Ask}", s.Price.ReceivedAt, s.SentAt, s.Newer)),
            shown.Select(s => (s.BookSequence, $"{s.Bid}/{s.Ask}", s.ReceivedAt, s.SentAt, s.NewerPrices)));
        Assert.Equal(received, shown[0].ReceivedAt);
        Assert.Equal(sends.Length, log.Report().EntriesHeld);
    }

    [Fact]
    public void A_full_ring_keeps_the_newest_and_counts_what_it_pushed_out_and_its_bytes()
    {
        var log = Log(new FakeTimeProvider(Start), o => o.ShownPerSymbol = 4);
        var recorder = log.ForStream("live:42")!;

        for (var n = 1; n <= 10; n++)
        {
            recorder.Record("EURUSD", Price(n, 1.1m, 1.2m), Start.AddMilliseconds(n), 0);
        }

        var answer = log.Read(Live42, "EURUSD", Start, Start.AddSeconds(1));
        var report = log.Report();

        Assert.Equal([7L, 8, 9, 10], answer.Entries.Select(e => e.BookSequence));
        Assert.Equal(Start.AddMilliseconds(7), answer.HistoryStartsAt);
        Assert.Equal((1, 1, 1, 4L, 10L), (report.Users, report.Symbols, report.UserSymbols, report.EntriesHeld, report.EntriesRecorded));
        Assert.Equal(new ShownEvictions(0, 6, 0, 0), report.EntriesEvicted);
        Assert.Equal(ShownPriceLog.UserOverheadBytes + ShownPriceLog.RingOverheadBytes + ShownPriceLog.ArrayOverheadBytes + (4 * ShownPriceLog.BytesPerEntry), report.BytesHeld);
    }

    [Fact]
    public void A_window_asked_for_is_cut_by_send_time_and_an_account_never_shown_anything_has_no_entries()
    {
        var log = Log(new FakeTimeProvider(Start));
        var recorder = log.ForStream("live:42")!;
        for (var n = 1; n <= 5; n++)
        {
            recorder.Record("EURUSD", Price(n, 1.1m, 1.2m), Start.AddSeconds(n), 0);
        }

        Assert.Equal([2L, 3, 4], log.Read(Live42, "EURUSD", Start.AddSeconds(2), Start.AddSeconds(4)).Entries.Select(e => e.BookSequence));
        Assert.Equal(Start.AddSeconds(1), log.Read(Live42, "EURUSD", Start.AddSeconds(2), Start.AddSeconds(4)).HistoryStartsAt);
        var nobody = log.Read(AccountId.Parse("demo:7"), "EURUSD", Start, Start.AddMinutes(1));
        Assert.Equal(("demo:7", 0, null), (nobody.Account, nobody.Entries.Count, nobody.HistoryStartsAt));
        Assert.Empty(log.Read(Live42, "GBPUSD", Start, Start.AddMinutes(1)).Entries);
    }

    [Fact]
    public void Entries_older_than_the_window_are_dropped_and_a_user_shown_nothing_for_as_long_is_forgotten()
    {
        var time = new FakeTimeProvider(Start);
        var log = Log(time);
        var recorder = log.ForStream("live:42")!;
        recorder.Record("EURUSD", Price(1, 1.1m, 1.2m), time.GetUtcNow(), 0);
        time.Advance(TimeSpan.FromMinutes(6));
        recorder.Record("EURUSD", Price(2, 1.1m, 1.2m), time.GetUtcNow(), 0);
        time.Advance(TimeSpan.FromMinutes(5));

        var answer = log.Read(Live42, "EURUSD", Start, time.GetUtcNow());
        Assert.Equal([2L], answer.Entries.Select(e => e.BookSequence));
        Assert.Equal(Start.AddMinutes(6), answer.HistoryStartsAt);
        Assert.Equal(1, log.Report().EntriesEvicted.Window);

        time.Advance(TimeSpan.FromMinutes(6));
        log.Sweep();

        var report = log.Report();
        Assert.Equal((0, 0L, 0L, 2L), (report.Users, report.EntriesHeld, report.BytesHeld, report.EntriesRecorded));
        Assert.Equal(2, report.EntriesEvicted.Window);
        Assert.Null(log.Read(Live42, "EURUSD", Start, time.GetUtcNow()).HistoryStartsAt);

        // The connection writes on: its ring is found again under a user of its own.
        recorder.Record("EURUSD", Price(3, 1.1m, 1.2m), time.GetUtcNow(), 0);
        Assert.Equal([3L], log.Read(Live42, "EURUSD", Start, time.GetUtcNow()).Entries.Select(e => e.BookSequence));
    }

    [Fact]
    public void Past_the_user_cap_the_least_recently_active_user_is_forgotten_first()
    {
        var time = new FakeTimeProvider(Start);
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        var log = Log(time, o => o.MaxUsers = 3, factory.CreateLogger<ShownPriceLog>());
        var recorders = Enumerable.Range(1, 4).Select(n => log.ForStream($"live:{n}")!).ToArray();
        for (var n = 0; n < 3; n++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            recorders[n].Record("EURUSD", Price(n + 1, 1.1m, 1.2m), time.GetUtcNow(), 0);
            recorders[n].Record("GBPUSD", Price(n + 1, 1.3m, 1.4m), time.GetUtcNow(), 0);
        }

        // User 1 comes back: user 2 is now the least recently active, and goes when user 4 arrives.
        time.Advance(TimeSpan.FromSeconds(1));
        recorders[0].Record("EURUSD", Price(9, 1.1m, 1.2m), time.GetUtcNow(), 0);
        time.Advance(TimeSpan.FromSeconds(1));
        recorders[3].Record("EURUSD", Price(4, 1.1m, 1.2m), time.GetUtcNow(), 0);

        var held = Enumerable.Range(1, 4).Select(n => log.Read(AccountId.Parse($"live:{n}"), "EURUSD", Start, time.GetUtcNow()).Entries.Count).ToArray();
        var report = log.Report();
        Assert.Equal([2, 0, 1, 1], held);
        Assert.Equal((3, 2L), (report.Users, report.EntriesEvicted.UserCap));
        var line = Assert.Single(logs.Entries, e => e.EventId.Id == 4043);
        Assert.Equal(
            $"Forgot what the 1 least recently active users were shown (2 prices, {ShownPriceLog.UserOverheadBytes + (2 * (ShownPriceLog.RingOverheadBytes + ShownPriceLog.ArrayOverheadBytes + (ShownPriceRing.FirstCapacity * ShownPriceLog.BytesPerEntry)))} bytes): the record of shown prices passed Gateway:Forensics:MaxUsers",
            line.Message);
    }

    [Fact]
    public void Past_the_byte_cap_the_least_recently_active_users_are_forgotten_until_the_record_fits_again()
    {
        var time = new FakeTimeProvider(Start);
        var log = Log(time, o => (o.MaxBytes, o.ShownPerSymbol) = (ShownPriceOptionsValidator.MinMaxBytes, 512));
        var symbols = SymbolCatalog.Create(new PricesOptions()).All.Take(20).Select(s => s.Symbol).ToArray();

        // 100 users × 20 full rings of 512 are about 25 MB: more than 16 MiB.
        for (var user = 1; user <= 100; user++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            Fill(log.ForStream($"live:{user}")!, symbols, 512, time.GetUtcNow());
        }

        var report = log.Report();
        Assert.InRange(report.BytesHeld, 1, ShownPriceOptionsValidator.MinMaxBytes);
        Assert.True(report.EntriesEvicted.ByteCap > 0);
        Assert.Equal(100 * 20 * 512L, report.EntriesHeld + report.EntriesEvicted.ByteCap);
        Assert.NotEmpty(log.Read(AccountId.Parse("live:100"), symbols[0], Start, time.GetUtcNow()).Entries);
        Assert.Empty(log.Read(AccountId.Parse("live:1"), symbols[0], Start, time.GetUtcNow()).Entries);
    }

    [Fact]
    public void Connections_of_one_user_writing_one_symbol_at_once_lose_nothing_and_other_users_are_not_held_up()
    {
        var log = Log(new FakeTimeProvider(Start), o => o.ShownPerSymbol = 65_536);
        const int Writers = 4;
        const int Each = 10_000;

        // Four connections of live:42 on EURUSD, and four other users beside them.
        Parallel.For(0, Writers * 2, new ParallelOptions { MaxDegreeOfParallelism = Writers * 2 }, w =>
        {
            var recorder = log.ForStream(w < Writers ? "live:42" : $"live:{100 + w}")!;
            for (var n = 0; n < Each; n++)
            {
                var sequence = (w * Each) + n + 1;
                recorder.Record("EURUSD", Price(sequence, 1.1m, 1.2m), Start.AddTicks(sequence), 0);
            }
        });

        var shown = log.Read(Live42, "EURUSD", Start, Start.AddSeconds(1)).Entries;
        Assert.Equal(Enumerable.Range(1, Writers * Each).Select(n => (long)n), shown.Select(s => s.BookSequence));
        Assert.Equal((Writers * Each * 2L, Writers * Each * 2L, 5), (log.Report().EntriesRecorded, log.Report().EntriesHeld, log.Report().Users));
    }

    [Fact]
    public void Two_stream_connections_of_one_user_recording_their_messages_at_once_lose_nothing()
    {
        var time = new FakeTimeProvider(Start);
        var log = Log(time, o => o.ShownPerSymbol = 65_536);
        const int Each = 10_000;

        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, connection =>
        {
            var recorder = log.ForStream("live:42")!;
            var streams = new[] { "EURUSD", "GBPUSD" }
                .Select(s => new SymbolStream(SymbolDefaults.For(s, InstrumentKind.Forex, TimeSpan.FromSeconds(10)), time, new StreamStatistics()))
                .ToArray();
            var subscriptions = streams.Select(s => new ClientSubscription(s, Session(time, recorder))).ToArray();
            for (var n = 1; n <= Each; n++)
            {
                // One message of both symbols per round, as a send loop writes and sends it.
                var sequence = (connection * Each) + n;
                for (var i = 0; i < streams.Length; i++)
                {
                    streams[i].OnPrice(Price(sequence, 1.1m, 1.2m) with { Symbol = streams[i].Symbol });
                    recorder.Written(subscriptions[i], streams[i].Latest!);
                }

                recorder.Sent(Start.AddTicks(sequence));
            }
        });

        foreach (var symbol in new[] { "EURUSD", "GBPUSD" })
        {
            Assert.Equal(Enumerable.Range(1, 2 * Each).Select(n => (long)n), log.Read(Live42, symbol, Start, Start.AddSeconds(1)).Entries.Select(s => s.BookSequence));
        }

        Assert.Equal((1, 4L * Each), (log.Report().Users, log.Report().EntriesRecorded));
    }

    [Fact]
    public void Newer_prices_counts_the_symbols_frames_since_the_one_written_when_the_socket_took_it()
    {
        var time = new FakeTimeProvider(Start);
        var log = Log(time);
        var recorder = log.ForStream("live:42")!;
        var stream = new SymbolStream(SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(10)), time, new StreamStatistics());
        var subscription = new ClientSubscription(stream, Session(time, recorder));
        stream.OnPrice(Price(1, 1.1m, 1.2m));
        stream.OnPrice(Price(2, 1.1m, 1.2m));

        // Sequence 2 goes into a message; three more prices arrive while the socket takes it.
        var written = time.GetUtcNow();
        recorder.Written(subscription, stream.Latest!);
        stream.OnPrice(Price(3, 1.1m, 1.2m));
        stream.OnPrice(Price(4, 1.1m, 1.2m));
        stream.OnPrice(Price(5, 1.1m, 1.2m));
        time.Advance(TimeSpan.FromMilliseconds(40));
        recorder.Sent(written);
        recorder.Written(subscription, stream.Latest!);
        recorder.Sent(time.GetUtcNow());

        var shown = log.Read(Live42, "EURUSD", Start, time.GetUtcNow()).Entries;
        Assert.Equal([(2L, 3L), (5L, 0L)], shown.Select(s => (s.BookSequence, s.NewerPrices)));
        Assert.Equal([written, written.AddMilliseconds(40)], shown.Select(s => s.SentAt));
    }

    [Fact]
    public void Quotes_are_recorded_as_such_a_symbol_without_a_price_shows_nothing_and_a_token_of_no_account_records_nothing()
    {
        var log = Log(new FakeTimeProvider(Start));

        log.RecordQuotes("demo:1", ["EURUSD", "GBPUSD"], [Price(7, 1.1m, 1.2m), null], Start);
        log.RecordQuotes("alice", ["EURUSD"], [Price(8, 1.1m, 1.2m)], Start);
        log.RecordQuotes(null, ["EURUSD"], [Price(8, 1.1m, 1.2m)], Start);

        var shown = Assert.Single(log.Read(AccountId.Parse("demo:1"), "EURUSD", Start, Start).Entries);
        Assert.Equal((7L, ShownPriceLog.QuotesChannel, 0L), (shown.BookSequence, shown.Channel, shown.NewerPrices));
        Assert.Equal((1, 1), (log.Report().Users, log.Report().UserSymbols));
        Assert.Null(log.ForStream("anonymous"));
        Assert.Null(Log(new FakeTimeProvider(Start), o => o.Enabled = false).ForStream("live:42"));
    }

    internal static ShownPriceLog Log(TimeProvider time, Action<ShownPriceOptions>? configure = null, ILogger<ShownPriceLog>? logger = null)
    {
        var options = new ShownPriceOptions();
        configure?.Invoke(options);
        return new ShownPriceLog(Options.Create(options), time, logger);
    }

    /// <summary>Writes <paramref name="each"/> prices of every one of <paramref name="symbols"/> for the recorder's user.</summary>
    internal static void Fill(ShownPriceRecorder recorder, string[] symbols, int each, DateTimeOffset sentAt)
    {
        var prices = symbols.Select((s, i) => Price(i + 1, 1.08500m + i, 1.08510m + i) with { Symbol = s }).ToArray();
        for (var n = 0; n < each; n++)
        {
            for (var i = 0; i < symbols.Length; i++)
            {
                recorder.Record(symbols[i], prices[i], sentAt, n);
            }
        }
    }

    // A session on a socket over nothing: only its recorder and subscriptions are used.
    private static ClientSession Session(TimeProvider time, ShownPriceRecorder recorder)
    {
        var prices = new SharedPrices(time);
        var hub = new LivePriceStream(
            prices.Store,
            prices.Hub,
            prices.Portfolios,
            prices.Orders,
            prices.Symbols,
            time,
            Options.Create(new StreamOptions()),
            Options.Create(new GatewayOptions()),
            Options.Create(new JwtOptions()),
            NullLogger<LivePriceStream>.Instance);
        var socket = WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true });
        return new ClientSession(1, "live:42", "test", socket, hub, new StreamOptions(), time, NullLogger.Instance, shown: recorder);
    }

    private static StoredPrice Price(long sequence, decimal bid, decimal ask) => MarketPriceWriter.Price("EURUSD", sequence, bid, ask, Start.AddMilliseconds(-250));
}
