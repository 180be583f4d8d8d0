using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Market.Pricing;

namespace Tickwatch.Market.Tests.Pricing;

/// <summary>The book is built with every quote listener registered in the container, however many.</summary>
public sealed class PriceBookRegistrationUnitTests
{
    [Fact]
    public void Every_registered_listener_hears_each_accepted_quote_once()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(new SymbolRegistry([SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(5))], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(5)), acceptUnlisted: false))
            .AddQuoteListener<TriggerSpy>()
            .AddPriceBook()
            .AddQuoteListener<PortfolioSpy>()
            .AddQuoteListener<TriggerSpy>()
            .BuildServiceProvider();

        var book = services.GetRequiredService<PriceBook>();
        book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = 1.0850m, Ask = 1.0852m, Feed = "json", ReceivedAt = time.GetUtcNow() });

        Assert.Equal([1L], services.GetRequiredService<TriggerSpy>().Heard);
        Assert.Equal([1L], services.GetRequiredService<PortfolioSpy>().Heard);
    }

    private sealed class TriggerSpy : IQuoteListener
    {
        public List<long> Heard { get; } = [];

        public void OnQuote(Quote quote) => Heard.Add(quote.BookSequence);
    }

    private sealed class PortfolioSpy : IQuoteListener
    {
        public List<long> Heard { get; } = [];

        public void OnQuote(Quote quote) => Heard.Add(quote.BookSequence);
    }
}
