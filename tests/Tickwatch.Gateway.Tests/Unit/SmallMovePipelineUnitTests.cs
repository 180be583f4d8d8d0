using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Quotes;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Writing;
using Tickwatch.Testing;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>A move far below the reference's 1e-5 threshold (defect 7) on a low-priced symbol reaches the client: book, store writer, stream frame and quote.</summary>
public sealed class SmallMovePipelineUnitTests
{
    private const string Symbol = "SHIBUSD";

    [Fact]
    public async Task A_move_smaller_than_1e_5_goes_through_book_writer_and_stream()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
        var settings = SymbolDefaults.For(Symbol, InstrumentKind.Crypto, TimeSpan.FromSeconds(10));
        var symbols = new SymbolRegistry([settings], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)), acceptUnlisted: false);
        var book = new PriceBook(symbols, time);
        var store = new InMemoryPriceStore(time);
        var hub = new InMemoryPriceAnnouncements();
        var writer = new PriceStoreWriter(store, hub, time);
        book.AddListener(writer);
        var announced = new ConcurrentQueue<StoredPrice>();
        await using var subscription = await hub.SubscribePricesAsync(Symbol, announced.Enqueue, default);
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);

        var first = Apply(book, time, 0.00001200m, 0.00001210m, 1);
        await Eventually.UntilAsync(() => announced.Count == 1, "the first price is announced");
        time.Advance(TimeSpan.FromMilliseconds(100));
        var moved = Apply(book, time, 0.00001201m, 0.00001211m, 2);
        await Eventually.UntilAsync(() => announced.Count == 2, "the move of 1e-8 is announced");
        await stop.CancelAsync();
        await run;

        Assert.True(first.IsAccepted);
        Assert.True(moved.IsAccepted);
        var last = announced.Last();
        Assert.Equal((0.00001201m, 0.00001211m, 2L), (last.Bid, last.Ask, last.BookSequence));
        Assert.Equal(0.00001201m, (await store.ReadAsync(Symbol, default))!.Bid);

        var frame = Encoding.UTF8.GetString(Bytes(PriceFrameWriter.Create(last, settings, time.GetUtcNow()), time.GetUtcNow()));
        Assert.Contains("\"bid\":0.00001201,", frame, StringComparison.Ordinal);
        Assert.Contains("\"ask\":0.00001211,", frame, StringComparison.Ordinal);
        var quote = QuoteBoard.View(settings, last, time.GetUtcNow());
        Assert.Equal((0.00001201m, 0.00001211m, 0.0000001m, true), (quote.Bid, quote.Ask, quote.Spread, quote.IsFresh));
    }

    private static PriceApplyResult Apply(PriceBook book, FakeTimeProvider time, decimal bid, decimal ask, long sequence) =>
        book.Apply(new PriceUpdate
        {
            Symbol = Symbol,
            Bid = bid,
            Ask = ask,
            Feed = "json",
            FeedSession = 1,
            SourceSequence = sequence,
            SourceTime = time.GetUtcNow(),
            ReceivedAt = time.GetUtcNow(),
        });

    private static byte[] Bytes(PriceFrame frame, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        frame.WriteTo(buffer, now);
        return buffer.WrittenSpan.ToArray();
    }
}
