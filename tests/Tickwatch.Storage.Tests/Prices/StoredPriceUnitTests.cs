using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Tests.Prices;

public sealed class StoredPriceUnitTests
{
    [Fact]
    public void A_quote_becomes_the_price_to_store_with_its_version()
    {
        var received = new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero).AddTicks(12_345);
        var quote = new Quote
        {
            Symbol = "XAUUSD",
            Bid = 2650.15m,
            Ask = 2650.55m,
            Feed = "binary",
            ReceivedAt = received,
            SourceTime = received.AddMilliseconds(-1),
            SourceSequence = 9,
            BookSequence = 3,
            Version = PriceVersion.Of(received.AddMilliseconds(-1), received, 9, 3),
        };

        var price = StoredPrice.FromQuote(quote);
        var stored = price.AsStored();

        Assert.Equal(("XAUUSD", 2650.15m, 2650.55m, "binary", 9L, 3L), (price.Symbol, price.Bid, price.Ask, price.Feed, price.SourceSequence!.Value, price.BookSequence));
        Assert.Equal(quote.Version, price.Version);
        Assert.Null(price.Timestamp);
        Assert.Equal(received.AddTicks(-5), stored.ReceivedAt);
        Assert.Equal(0, stored.SourceTime!.Value.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(0, stored.Timestamp!.Value.Ticks % TimeSpan.TicksPerMillisecond);

        // ts is when the price was received, to the millisecond: never when it was written.
        Assert.Equal(received.ToUnixTimeMilliseconds(), stored.Timestamp!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(price.Version, stored.Version);
    }

    [Theory]
    [InlineData("1.0852", 1.0852)]
    [InlineData("1e-06", 0.000001)]
    [InlineData("-0.5", -0.5)]
    [InlineData("67842.15", 67842.15)]
    public void Exact_decimals_read_the_reference_writers_text(string text, double expected)
    {
        Assert.Equal((decimal)expected, ExactDecimal.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,0852")]
    [InlineData("abc")]
    [InlineData(null)]
    public void Text_that_is_not_a_price_is_refused(string? text)
    {
        Assert.False(ExactDecimal.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ExactDecimal.Parse(text));
    }
}
