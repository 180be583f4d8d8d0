using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Market.Forensics.Timeline;
using Tickwatch.Market.Pricing;

namespace Tickwatch.Market.Tests.Forensics.Timeline;

/// <summary>A real price book and its sink telling a real timeline, on fake time: what the market service composes, without feeds.</summary>
internal sealed class TimelineBook
{
    public TimelineBook(SymbolTimelineOptions? options = null)
    {
        Symbols = SymbolCatalog.Create(new PricesOptions());
        Book = new PriceBook(Symbols, Time);
        Timeline = new SymbolTimeline(Options.Create(options ?? new SymbolTimelineOptions()), Time);
        Sink = new PriceBookSink(Book, timeline: Timeline);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));

    public SymbolRegistry Symbols { get; }

    public PriceBook Book { get; }

    public SymbolTimeline Timeline { get; }

    public PriceBookSink Sink { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Offers one update, received now, to the book through the sink.</summary>
    public void Offer(string feed, decimal? bid, decimal? ask, long sequence, string symbol = "EURUSD", DateTimeOffset? sourceTime = null) =>
        Sink.OnUpdates(new[]
        {
            new PriceUpdate
            {
                Symbol = symbol,
                Feed = feed,
                FeedSession = 1,
                Bid = bid,
                Ask = ask,
                SourceSequence = sequence,
                SourceTime = sourceTime,
                ReceivedAt = Now,
            },
        });

    public IReadOnlyList<TimelineEntry> All(string symbol = "EURUSD") => Timeline.Entries(symbol, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
}
