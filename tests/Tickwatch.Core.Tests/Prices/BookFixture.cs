using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Tests.Prices;

/// <summary>A price book over EURUSD, XAUUSD and BTCUSD with fake time and a 5 s age limit.</summary>
internal sealed class BookFixture
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    public BookFixture()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        Symbols = new SymbolRegistry(
            StandardInstruments.All.Where(i => i.Symbol is "EURUSD" or "XAUUSD" or "BTCUSD")
                .Select(i => SymbolDefaults.For(i.Symbol, i.Kind, MaxAge)),
            s => SymbolDefaults.For(s, null, MaxAge),
            acceptUnlisted: false);
        Book = new PriceBook(Symbols, Time);
    }

    public FakeTimeProvider Time { get; }

    public SymbolRegistry Symbols { get; }

    public PriceBook Book { get; }

    public PriceUpdate Update(
        string symbol, decimal? bid, decimal? ask, string feed = "json", long? sequence = null, long session = 1, DateTimeOffset? sourceTime = null) => new()
        {
            Symbol = symbol,
            Bid = bid,
            Ask = ask,
            Feed = feed,
            FeedSession = session,
            SourceSequence = sequence,
            SourceTime = sourceTime,
            ReceivedAt = Time.GetUtcNow(),
        };

    public PriceApplyResult Apply(
        string symbol, decimal? bid, decimal? ask, string feed = "json", long? sequence = null, long session = 1, DateTimeOffset? sourceTime = null) =>
        Book.Apply(Update(symbol, bid, ask, feed, sequence, session, sourceTime));

    public SymbolPriceSnapshot Snapshot(string symbol) => Book.Snapshot().Single(s => s.Symbol == symbol);
}
